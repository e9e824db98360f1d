package io.streaminglab.ingest;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.streaminglab.ingest.hub.MediaFrame;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One ingest's Prometheus metrics. Every series carries {@code ingest}, the ingest's name
 * ({@code ingest} alone, {@code ingest-primary} and {@code ingest-backup} in a redundant lab), so
 * that two ingests in one process share one registry. Labels stay low in cardinality: {@code
 * path} is one per live stream, {@code kind} and {@code reason} are small fixed sets. No metric
 * keeps exemplars: nothing here is traced, and an exemplar-enabled counter does sampling work on
 * every frame and wakes a scheduler thread many times a second.
 */
public final class IngestMetrics {
  /** The name of a lone ingest. */
  public static final String DEFAULT_NAME = "ingest";

  private final Families families;
  private final String ingest;

  /** The metrics of a lone ingest, {@value #DEFAULT_NAME}. */
  public IngestMetrics(PrometheusRegistry registry) {
    this(new Families(registry), DEFAULT_NAME);
  }

  private IngestMetrics(Families families, String ingest) {
    this.families = families;
    this.ingest = ingest;
    // Present from the start, so that "no publisher" is a 0 an alert can see.
    families.publishers.labelValues(ingest).set(0);
    families.players.labelValues(ingest).set(0);
  }

  /** The metrics of several ingests in one registry, by name, in the order given. */
  public static Map<String, IngestMetrics> of(PrometheusRegistry registry, List<String> names) {
    Families families = new Families(registry);
    Map<String, IngestMetrics> all = new LinkedHashMap<>();
    for (String name : names) {
      all.put(name, new IngestMetrics(families, name));
    }
    return all;
  }

  /** The ingest these metrics are of. */
  public String ingest() {
    return ingest;
  }

  public void publisherStarted() {
    families.publishers.labelValues(ingest).inc();
  }

  public void publisherStopped() {
    families.publishers.labelValues(ingest).dec();
  }

  public void playerStarted() {
    families.players.labelValues(ingest).inc();
  }

  public void playerStopped() {
    families.players.labelValues(ingest).dec();
  }

  /**
   * The series of one path, looked up once: a publisher counts every frame, and a lookup by
   * label values costs a list, a hash and an equality check each time.
   */
  public PathMetrics path(String path) {
    return new PathMetrics(families, ingest, path);
  }

  public void refused(String reason) {
    families.refusedSessions.labelValues(ingest, reason).inc();
  }

  public void dropped(String reason) {
    families.droppedSessions.labelValues(ingest, reason).inc();
  }

  public void framesDropped(String path, long count) {
    families.droppedFrames.labelValues(ingest, path).inc(count);
  }

  /** One path's series of received media, for the publisher that feeds it. */
  public static final class PathMetrics {
    private final CounterDataPoint receivedBytes;
    private final CounterDataPoint[] receivedFrames;
    private final GaugeDataPoint keyframeInterval;

    private PathMetrics(Families families, String ingest, String path) {
      receivedBytes = families.receivedBytes.labelValues(ingest, path);
      MediaFrame.Kind[] kinds = MediaFrame.Kind.values();
      receivedFrames = new CounterDataPoint[kinds.length];
      for (MediaFrame.Kind kind : kinds) {
        receivedFrames[kind.ordinal()] = families.receivedFrames.labelValues(ingest, path,
            kind.name().toLowerCase(Locale.ROOT));
      }
      keyframeInterval = families.keyframeInterval.labelValues(ingest, path);
    }

    public void frameReceived(MediaFrame frame) {
      receivedBytes.inc(frame.size());
      receivedFrames[frame.kind().ordinal()].inc();
    }

    public void keyframeInterval(double seconds) {
      keyframeInterval.set(seconds);
    }
  }

  /** The metric families, registered once per registry and shared by its ingests. */
  private static final class Families {
    final Gauge publishers;
    final Gauge players;
    final Counter receivedBytes;
    final Counter receivedFrames;
    final Gauge keyframeInterval;
    final Counter refusedSessions;
    final Counter droppedSessions;
    final Counter droppedFrames;

    Families(PrometheusRegistry registry) {
      publishers = Gauge.builder().name("ingest_publishers")
          .help("RTMP publishers connected and publishing").labelNames("ingest")
          .withoutExemplars().register(registry);
      players = Gauge.builder().name("ingest_players")
          .help("RTMP players connected and playing").labelNames("ingest")
          .withoutExemplars().register(registry);
      receivedBytes = Counter.builder().name("ingest_received_bytes_total")
          .help("Media bytes received from publishers (FLV tag bodies)")
          .labelNames("ingest", "path").withoutExemplars().register(registry);
      receivedFrames = Counter.builder().name("ingest_received_frames_total")
          .help("Frames received from publishers").labelNames("ingest", "path", "kind")
          .withoutExemplars().register(registry);
      keyframeInterval = Gauge.builder().name("ingest_keyframe_interval_seconds")
          .help("Time between the last two video keyframes, by their timestamps")
          .labelNames("ingest", "path").withoutExemplars().register(registry);
      refusedSessions = Counter.builder().name("ingest_refused_sessions_total")
          .help("Publish or play requests refused").labelNames("ingest", "reason")
          .withoutExemplars().register(registry);
      droppedSessions = Counter.builder().name("ingest_dropped_sessions_total")
          .help("Sessions closed by the ingest: slow players, protocol errors")
          .labelNames("ingest", "reason").withoutExemplars().register(registry);
      droppedFrames = Counter.builder().name("ingest_dropped_frames_total")
          .help("Frames not sent to a player that could not keep up")
          .labelNames("ingest", "path").withoutExemplars().register(registry);
    }
  }
}
