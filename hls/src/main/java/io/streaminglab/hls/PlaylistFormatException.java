package io.streaminglab.hls;

/** Text that is not a well-formed HLS media playlist, or one past the parser's bounds. */
public final class PlaylistFormatException extends Exception {
  public PlaylistFormatException(String message) {
    super(message);
  }
}
