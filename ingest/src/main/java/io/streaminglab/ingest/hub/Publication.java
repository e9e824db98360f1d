package io.streaminglab.ingest.hub;

import io.streaminglab.ingest.IngestMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A publisher's hold on a path. Frames go through {@link #onFrame}; {@link #close()} ends the
 * session for every reader and frees the path. Not thread-safe: one publisher, one thread.
 *
 * <p>The session's clock anchor is taken at its first frame: from the publisher's own clock
 * when that frame is an onMetaData that carries one ({@link PublisherClock}) within the skew
 * bound, so that every ingest the publisher feeds anchors it alike; otherwise from this
 * ingest's receive time.
 */
public final class Publication implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Publication.class);

  private final StreamHub hub;
  private final LiveStream stream;
  private final long session;
  private final IngestMetrics.PathMetrics metrics;
  private final TimestampUnwrapper unwrapper = new TimestampUnwrapper();
  private long lastKeyframe = -1;
  private boolean started;
  private boolean closed;

  Publication(StreamHub hub, LiveStream stream, long session) {
    this.hub = hub;
    this.stream = stream;
    this.session = session;
    this.metrics = hub.metrics().path(stream.path());
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
      stream.startSession(anchor(frame));
    }
    metrics.frameReceived(frame);
    if (frame.kind() == MediaFrame.Kind.VIDEO && frame.keyframe() && !frame.sequenceHeader()) {
      if (lastKeyframe >= 0 && frame.timestamp() > lastKeyframe) {
        metrics.keyframeInterval((frame.timestamp() - lastKeyframe) / 1000.0);
      }
      lastKeyframe = frame.timestamp();
    }
    stream.distribute(frame);
  }

  private ClockAnchor anchor(MediaFrame first) {
    long now = hub.clock().millis();
    Long atZero = PublisherClock.read(first);
    if (atZero == null) {
      return new ClockAnchor(session, now, first.timestamp());
    }
    long skew = PublisherClock.skewMillis(atZero, first.timestamp(), now);
    if (Math.abs(skew) > PublisherClock.MAX_SKEW.toMillis()) {
      log.warn("Publisher clock on '{}' is {} s off this ingest's (more than {} s): the session "
          + "is anchored on this ingest's clock, so a second ingest fed by the same publisher "
          + "will not cut the same segments; set the encoder's clock right (NTP).", path(),
          String.format(java.util.Locale.ROOT, "%.1f", skew / 1000.0),
          PublisherClock.MAX_SKEW.toSeconds());
      return new ClockAnchor(session, now, first.timestamp());
    }
    log.info("Session {} on '{}' is anchored on the publisher's clock ({} ms behind it)",
        session, path(), skew);
    return new ClockAnchor(session, atZero, 0);
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
