package io.streaminglab.origin;

/** A request path that no file may have: malformed, or an attempt to leave the directory. */
final class BadPathException extends Exception {
  BadPathException(String reason) {
    super(reason);
  }
}
