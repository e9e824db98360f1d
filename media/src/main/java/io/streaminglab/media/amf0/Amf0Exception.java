package io.streaminglab.media.amf0;

/**
 * Thrown when bytes are not well-formed AMF0, or use a part of AMF0 this package does not
 * support. The message is one sentence that names what was wrong and where.
 */
public final class Amf0Exception extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int offset;

  /**
   * @param message what was wrong, without the offset
   * @param offset index in the reader's array of the byte where the problem was found
   */
  public Amf0Exception(String message, int offset) {
    super(message + " at byte offset " + offset);
    this.offset = offset;
  }

  /** Index in the array given to the reader of the byte where the problem was found. */
  public int offset() {
    return offset;
  }
}
