package io.streaminglab.ingest;

/** A server could not bind its port because something else holds it. */
public final class PortInUseException extends Exception {
  private final int port;

  public PortInUseException(String host, int port, Throwable cause) {
    super("port " + port + " on " + host + " is already in use", cause);
    this.port = port;
  }

  public int port() {
    return port;
  }
}
