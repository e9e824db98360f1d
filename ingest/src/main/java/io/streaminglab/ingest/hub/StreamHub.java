package io.streaminglab.ingest.hub;

import io.streaminglab.ingest.IngestMetrics;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meeting point of publishers and readers: one publisher per path, any number of readers.
 *
 * <p>A path exists while it has a publisher or a reader. Readers may subscribe before the
 * publisher arrives and stay subscribed across publisher sessions: each session starts with a
 * new {@link ClockAnchor} (its {@code session} number rises across the hub), so a reader can tell
 * a reconnect from a continuation.
 */
public final class StreamHub {
  private final Clock clock;
  private final IngestMetrics metrics;
  private final int gopCacheLimitBytes;
  private final AtomicLong sessions = new AtomicLong();
  private final Map<String, LiveStream> streams = new HashMap<>();

  public StreamHub(Clock clock, IngestMetrics metrics, int gopCacheLimitBytes) {
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.metrics = Objects.requireNonNull(metrics, "metrics == null");
    this.gopCacheLimitBytes = gopCacheLimitBytes;
  }

  /**
   * Takes {@code path} for a new publisher.
   *
   * @throws PathBusyException when another publisher holds the path
   */
  public Publication publish(String path) throws PathBusyException {
    LiveStream stream;
    synchronized (streams) {
      stream = streams.computeIfAbsent(path, this::newStream);
      if (!stream.claimPublisher()) {
        throw new PathBusyException(path);
      }
    }
    metrics.publisherStarted();
    return new Publication(this, stream, sessions.incrementAndGet());
  }

  /** Adds {@code reader} to {@code path}, which need not have a publisher yet. */
  public Subscription subscribe(String path, StreamReader reader) {
    LiveStream stream;
    synchronized (streams) {
      stream = streams.computeIfAbsent(path, this::newStream);
      stream.addReader(reader);
    }
    return new Subscription(this, stream, reader);
  }

  /** Whether {@code path} has a publisher now. */
  public boolean isPublishing(String path) {
    synchronized (streams) {
      LiveStream stream = streams.get(path);
      return stream != null && stream.hasPublisher();
    }
  }

  /** The paths that have a publisher or a reader. */
  public Set<String> paths() {
    synchronized (streams) {
      return new TreeSet<>(streams.keySet());
    }
  }

  Clock clock() {
    return clock;
  }

  IngestMetrics metrics() {
    return metrics;
  }

  void released(Publication publication, LiveStream stream) {
    metrics.publisherStopped();
    stream.releasePublisher();
    removeIfIdle(stream);
  }

  void unsubscribed(LiveStream stream, StreamReader reader) {
    stream.removeReader(reader);
    removeIfIdle(stream);
  }

  private void removeIfIdle(LiveStream stream) {
    synchronized (streams) {
      if (stream.isIdle()) {
        streams.remove(stream.path(), stream);
      }
    }
  }

  private LiveStream newStream(String path) {
    return new LiveStream(path, gopCacheLimitBytes);
  }
}
