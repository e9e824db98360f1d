package io.streaminglab.switcher;

import java.net.BindException;

/** The switcher's port is taken. */
public final class SwitcherBindException extends BindException {
  private final int port;

  public SwitcherBindException(String host, int port, Throwable cause) {
    super("port " + port + " on " + host + " is already in use");
    initCause(cause);
    this.port = port;
  }

  public int port() {
    return port;
  }
}
