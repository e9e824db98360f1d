package io.streaminglab.switcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.streaminglab.hls.PlaylistParser;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How each origin looks in the metrics the alert rules read. */
class SwitcherMetricsTest {
  private static final Duration LATENCY = Duration.ofMillis(3);

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private SwitcherMetrics metrics;

  @BeforeEach
  void createMetrics() {
    metrics = new SwitcherMetrics(registry, new SegmentCache(1024 * 1024));
    metrics.initialise();
  }

  @Test
  void bothOriginsHaveAnUpSeriesBeforeTheFirstPoll() {
    assertThat(gauge("switcher_origin_up")).containsOnlyKeys("primary", "backup");
  }

  @Test
  void anOriginThatServesItsPlaylistIsUp() throws Exception {
    metrics.polled(Origin.PRIMARY, PollResult.ok(200, PlaylistParser.parse(PLAYLIST), LATENCY),
        Duration.ofSeconds(3), true);

    assertThat(gauge("switcher_origin_up")).containsEntry("primary", 1.0);
    assertThat(gauge("switcher_origin_healthy")).containsEntry("primary", 1.0);
  }

  @Test
  void aRefusedConnectionATimeoutOrA5xxIsDown() {
    metrics.polled(Origin.PRIMARY, PollResult.failed(0, "refused the connection", LATENCY), null,
        false);
    metrics.polled(Origin.BACKUP, PollResult.failed(503, "answered 503", LATENCY), null, false);

    assertThat(gauge("switcher_origin_up")).containsEntry("primary", 0.0)
        .containsEntry("backup", 0.0);
  }

  @Test
  void anOriginThatAnswers404IsUpButUnhealthy() {
    metrics.polled(Origin.BACKUP, PollResult.failed(404, "answered 404", LATENCY), null, false);

    assertThat(gauge("switcher_origin_up")).containsEntry("backup", 1.0);
    assertThat(gauge("switcher_origin_healthy")).containsEntry("backup", 0.0);
  }

  @Test
  void anOriginComesBackUpWithItsNextAnswer() {
    metrics.polled(Origin.PRIMARY, PollResult.failed(502, "answered 502", LATENCY), null, false);
    metrics.polled(Origin.PRIMARY, PollResult.failed(404, "answered 404", LATENCY), null, false);

    assertThat(gauge("switcher_origin_up")).containsEntry("primary", 1.0);
  }

  /** The gauge's value per origin label, from a scrape as Prometheus would read it. */
  private Map<String, Double> gauge(String name) {
    Map<String, Double> values = new HashMap<>();
    for (MetricSnapshot snapshot : registry.scrape()) {
      if (snapshot.getMetadata().getPrometheusName().equals(name)) {
        for (GaugeSnapshot.GaugeDataPointSnapshot point
            : ((GaugeSnapshot) snapshot).getDataPoints()) {
          values.put(point.getLabels().get("origin"), point.getValue());
        }
      }
    }
    return values;
  }

  private static final String PLAYLIST = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n"
      + "#EXT-X-MEDIA-SEQUENCE:10\n#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:00.000Z\n"
      + "#EXTINF:2.000,\nseg-10.ts\n";
}
