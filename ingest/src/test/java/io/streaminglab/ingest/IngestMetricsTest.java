package io.streaminglab.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.streaminglab.ingest.hub.MediaFrame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestMetricsTest {
  private final PrometheusRegistry registry = new PrometheusRegistry();

  @Test
  void aPathsSeriesCountItsFramesByKindAndItsBytes() throws IOException {
    IngestMetrics metrics = new IngestMetrics(registry);
    IngestMetrics.PathMetrics path = metrics.path("live/cam");
    path.frameReceived(frame(MediaFrame.Kind.VIDEO, 100));
    path.frameReceived(frame(MediaFrame.Kind.VIDEO, 50));
    path.frameReceived(frame(MediaFrame.Kind.AUDIO, 7));
    path.keyframeInterval(2.0);
    // A second lookup of the same path shares its series.
    metrics.path("live/cam").frameReceived(frame(MediaFrame.Kind.DATA, 3));

    assertThat(scrape()).contains(
        "ingest_received_bytes_total{ingest=\"ingest\",path=\"live/cam\"} 160.0",
        "ingest_received_frames_total{ingest=\"ingest\",kind=\"video\",path=\"live/cam\"} 2.0",
        "ingest_received_frames_total{ingest=\"ingest\",kind=\"audio\",path=\"live/cam\"} 1.0",
        "ingest_received_frames_total{ingest=\"ingest\",kind=\"data\",path=\"live/cam\"} 1.0",
        "ingest_keyframe_interval_seconds{ingest=\"ingest\",path=\"live/cam\"} 2.0");
  }

  @Test
  void twoIngestsInOneRegistryKeepTheirOwnSeries() throws IOException {
    Map<String, IngestMetrics> both = IngestMetrics.of(registry,
        List.of("ingest-primary", "ingest-backup"));
    both.get("ingest-primary").path("mystream").frameReceived(frame(MediaFrame.Kind.AUDIO, 9));

    assertThat(scrape()).contains(
        "ingest_received_bytes_total{ingest=\"ingest-primary\",path=\"mystream\"} 9.0")
        .doesNotContain("ingest_received_bytes_total{ingest=\"ingest-backup\"");
  }

  private static MediaFrame frame(MediaFrame.Kind kind, int size) {
    return new MediaFrame(kind, 0, 0, 0, false, false, new byte[size]);
  }

  private String scrape() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }
}
