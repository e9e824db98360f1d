package io.streaminglab.packager;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The packagers' metrics, labelled by packager name. One instance per registry serves every
 * packager in the process. No metric keeps exemplars: nothing here is traced, and an
 * exemplar-enabled metric does sampling work on every update and wakes a scheduler thread many
 * times a second.
 */
public final class PackagerMetrics {
  private final Counter segments;
  private final Counter segmentBytes;
  private final Histogram segmentDuration;
  private final Histogram publishDelay;
  private final Gauge lastSegmentTime;
  private final Counter droppedFrames;
  private final Counter writeErrors;

  public PackagerMetrics(PrometheusRegistry registry) {
    segments = Counter.builder().name("packager_segments_total")
        .help("Segments written and listed").labelNames("packager")
        .withoutExemplars().register(registry);
    segmentBytes = Counter.builder().name("packager_segment_bytes_total")
        .help("Bytes of segments written").labelNames("packager")
        .withoutExemplars().register(registry);
    segmentDuration = Histogram.builder().name("packager_segment_duration_seconds")
        .help("Duration of the segments written (EXTINF)").labelNames("packager")
        .classicUpperBounds(0.5, 1, 1.5, 1.9, 2.1, 2.5, 3, 4, 6, 8, 12)
        .withoutExemplars().register(registry);
    publishDelay = Histogram.builder().name("packager_publish_delay_seconds")
        .help("From the frame that completed a segment reaching the packager to the playlist "
            + "naming the segment").labelNames("packager")
        .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.015, 0.02, 0.025, 0.03, 0.04, 0.05,
            0.075, 0.1, 0.25, 0.5, 1)
        .withoutExemplars().register(registry);
    lastSegmentTime = Gauge.builder().name("packager_last_segment_timestamp_seconds")
        .help("Wall-clock time (epoch seconds) of the last segment listed")
        .labelNames("packager").withoutExemplars().register(registry);
    droppedFrames = Counter.builder().name("packager_dropped_frames_total")
        .help("Frames dropped because the packager fell behind").labelNames("packager")
        .withoutExemplars().register(registry);
    writeErrors = Counter.builder().name("packager_write_errors_total")
        .help("Segments or playlists that could not be written").labelNames("packager")
        .withoutExemplars().register(registry);
  }

  void segmentListed(String packager, Segment segment, double delaySeconds, double nowSeconds) {
    segments.labelValues(packager).inc();
    segmentBytes.labelValues(packager).inc(segment.bytes().length);
    segmentDuration.labelValues(packager).observe(segment.durationMillis() / 1000.0);
    publishDelay.labelValues(packager).observe(delaySeconds);
    lastSegmentTime.labelValues(packager).set(nowSeconds);
  }

  void framesDropped(String packager, long count) {
    droppedFrames.labelValues(packager).inc(count);
  }

  void writeFailed(String packager) {
    writeErrors.labelValues(packager).inc();
  }
}
