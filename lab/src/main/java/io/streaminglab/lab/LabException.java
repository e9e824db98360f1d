package io.streaminglab.lab;

/**
 * A fault the user can fix (a port in use, a bad config file, a missing directory), carrying
 * one sentence that says what happened and what to do. The command line prints the message
 * alone, without a stack trace, and exits with status 1.
 */
public final class LabException extends RuntimeException {
  public LabException(String message) {
    super(message);
  }

  public LabException(String message, Throwable cause) {
    super(message, cause);
  }
}
