package io.streaminglab.media.flv;

/**
 * Thrown when an FLV tag body, or a codec structure carried in one, is malformed or too short.
 * The message is one sentence that names what was wrong.
 */
public final class FlvException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FlvException(String message) {
    super(message);
  }
}
