package io.streaminglab.ingest;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.streaminglab.ingest.hub.MediaFrame;

/**
 * The ingest's Prometheus metrics. Labels stay low in cardinality: {@code path} is one per live
 * stream, {@code kind} and {@code reason} are small fixed sets. No metric keeps exemplars:
 * nothing here is traced, and an exemplar-enabled counter does sampling work on every frame and
 * wakes a scheduler thread many times a second.
 */
public final class IngestMetrics {
  private final Gauge publishers;
  private final Gauge players;
  private final Counter receivedBytes;
  private final Counter receivedFrames;
  private final Gauge keyframeInterval;
  private final Counter refusedSessions;
  private final Counter droppedSessions;
  private final Counter droppedFrames;

  public IngestMetrics(PrometheusRegistry registry) {
    publishers = Gauge.builder().name("ingest_publishers")
        .help("RTMP publishers connected and publishing").withoutExemplars().register(registry);
    players = Gauge.builder().name("ingest_players")
        .help("RTMP players connected and playing").withoutExemplars().register(registry);
    receivedBytes = Counter.builder().name("ingest_received_bytes_total")
        .help("Media bytes received from publishers (FLV tag bodies)").labelNames("path")
        .withoutExemplars().register(registry);
    receivedFrames = Counter.builder().name("ingest_received_frames_total")
        .help("Frames received from publishers").labelNames("path", "kind")
        .withoutExemplars().register(registry);
    keyframeInterval = Gauge.builder().name("ingest_keyframe_interval_seconds")
        .help("Time between the last two video keyframes, by their timestamps")
        .labelNames("path").withoutExemplars().register(registry);
    refusedSessions = Counter.builder().name("ingest_refused_sessions_total")
        .help("Publish or play requests refused").labelNames("reason")
        .withoutExemplars().register(registry);
    droppedSessions = Counter.builder().name("ingest_dropped_sessions_total")
        .help("Sessions closed by the ingest: slow players, protocol errors")
        .labelNames("reason").withoutExemplars().register(registry);
    droppedFrames = Counter.builder().name("ingest_dropped_frames_total")
        .help("Frames not sent to a player that could not keep up").labelNames("path")
        .withoutExemplars().register(registry);
  }

  public void publisherStarted() {
    publishers.inc();
  }

  public void publisherStopped() {
    publishers.dec();
  }

  public void playerStarted() {
    players.inc();
  }

  public void playerStopped() {
    players.dec();
  }

  public void frameReceived(String path, MediaFrame frame) {
    receivedBytes.labelValues(path).inc(frame.size());
    receivedFrames.labelValues(path, frame.kind().name().toLowerCase(java.util.Locale.ROOT))
        .inc();
  }

  public void keyframeInterval(String path, double seconds) {
    keyframeInterval.labelValues(path).set(seconds);
  }

  public void refused(String reason) {
    refusedSessions.labelValues(reason).inc();
  }

  public void dropped(String reason) {
    droppedSessions.labelValues(reason).inc();
  }

  public void framesDropped(String path, long count) {
    droppedFrames.labelValues(path).inc(count);
  }
}
