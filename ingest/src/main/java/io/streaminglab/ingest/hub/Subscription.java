package io.streaminglab.ingest.hub;

/** A reader's place on a path; closing it stops delivery. Safe to close from any thread. */
public final class Subscription implements AutoCloseable {
  private final StreamHub hub;
  private final LiveStream stream;
  private final StreamReader reader;
  private boolean closed;

  Subscription(StreamHub hub, LiveStream stream, StreamReader reader) {
    this.hub = hub;
    this.stream = stream;
    this.reader = reader;
  }

  public String path() {
    return stream.path();
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      hub.unsubscribed(stream, reader);
    }
  }
}
