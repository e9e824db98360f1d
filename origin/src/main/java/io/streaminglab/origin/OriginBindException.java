package io.streaminglab.origin;

import java.net.BindException;

/** An origin could not listen on its address: the port is taken or the host is not local. */
public final class OriginBindException extends BindException {
  private final String host;
  private final int port;

  public OriginBindException(String host, int port, Throwable cause) {
    super("origin cannot listen on " + host + ":" + port + " (" + cause.getMessage()
        + "); stop whatever holds the port or choose another one");
    this.host = host;
    this.port = port;
    initCause(cause);
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }
}
