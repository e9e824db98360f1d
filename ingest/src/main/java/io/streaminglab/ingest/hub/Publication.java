package io.streaminglab.ingest.hub;

/**
 * A publisher's hold on a path. Frames go through {@link #onFrame}; {@link #close()} ends the
 * session for every reader and frees the path. Not thread-safe: one publisher, one thread.
 */
public final class Publication implements AutoCloseable {
  private final StreamHub hub;
  private final LiveStream stream;
  private final long session;
  private final TimestampUnwrapper unwrapper = new TimestampUnwrapper();
  private long lastKeyframe = -1;
  private boolean started;
  private boolean closed;

  Publication(StreamHub hub, LiveStream stream, long session) {
    this.hub = hub;
    this.stream = stream;
    this.session = session;
  }

  public String path() {
    return stream.path();
  }

  public long session() {
    return session;
  }

  /** The unwrapped timestamp for a raw 32-bit RTMP timestamp of this session. */
  public long unwrap(long rtmpTimestamp) {
    return unwrapper.unwrap(rtmpTimestamp);
  }

  /** Hands one frame to every reader. The first frame of the session sets its clock anchor. */
  public void onFrame(MediaFrame frame) {
    if (closed) {
      throw new IllegalStateException("publication of " + path() + " is closed");
    }
    if (!started) {
      started = true;
      stream.startSession(new ClockAnchor(session, hub.clock().millis(), frame.timestamp()));
    }
    hub.metrics().frameReceived(path(), frame);
    if (frame.kind() == MediaFrame.Kind.VIDEO && frame.keyframe() && !frame.sequenceHeader()) {
      if (lastKeyframe >= 0 && frame.timestamp() > lastKeyframe) {
        hub.metrics().keyframeInterval(path(), (frame.timestamp() - lastKeyframe) / 1000.0);
      }
      lastKeyframe = frame.timestamp();
    }
    stream.distribute(frame);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (started) {
      stream.endSession();
    }
    hub.released(this, stream);
  }
}
