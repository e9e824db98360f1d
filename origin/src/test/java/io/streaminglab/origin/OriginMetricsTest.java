package io.streaminglab.origin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** What an operator sees of an origin: its metrics and its log. */
class OriginMetricsTest {
  @TempDir
  Path directory;

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger originLogger = (Logger) LoggerFactory.getLogger("io.streaminglab.origin");
  private OriginServer primary;
  private OriginServer backup;

  @BeforeEach
  void startTwoOriginsOnOneRegistry() throws Exception {
    log.start();
    originLogger.addAppender(log);
    Files.writeString(directory.resolve("index.m3u8"), OriginServerTest.PLAYLIST);
    Files.write(directory.resolve("seg-1.ts"), OriginServerTest.pattern(10_000));
    primary = new OriginServer(OriginConfig.of(directory).withPort(0),
        new OriginMetrics(registry, "primary")).start();
    backup = new OriginServer(OriginConfig.of(directory).withPort(0),
        new OriginMetrics(registry, "backup")).start();
  }

  @AfterEach
  void stop() {
    primary.close();
    backup.close();
    originLogger.detachAppender(log);
  }

  @Test
  void countsRequestsByStatusClassAndTheBytesSent() throws Exception {
    RawHttp.exchange(primary.port(), "GET", "/hls/seg-1.ts");
    RawHttp.exchange(primary.port(), "GET", "/hls/index.m3u8");
    RawHttp.exchange(primary.port(), "HEAD", "/hls/seg-1.ts");
    RawHttp.exchange(primary.port(), "GET", "/hls/missing.ts");
    RawHttp.exchange(backup.port(), "GET", "/hls/seg-1.ts");

    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      assertThat(counter("origin_requests", "primary", "2xx")).isEqualTo(3);
      assertThat(counter("origin_requests", "primary", "4xx")).isEqualTo(1);
      assertThat(counter("origin_requests", "backup", "2xx")).isEqualTo(1);
    });
    assertThat(counter("origin_sent_bytes", "primary")).isEqualTo(
        10_000 + OriginServerTest.PLAYLIST.length() + "404 Not Found\n".length());
    assertThat(counter("origin_sent_bytes", "backup")).isEqualTo(10_000);
    assertThat(histogramCount("origin_request_duration_seconds", "primary")).isEqualTo(4);
  }

  @Test
  void gaugesOpenConnections() throws Exception {
    RawHttp first = new RawHttp(primary.port());
    RawHttp second = new RawHttp(primary.port());
    try {
      await().atMost(Duration.ofSeconds(5))
          .untilAsserted(() -> assertThat(gauge("origin_connections", "primary")).isEqualTo(2));
    } finally {
      first.close();
      second.close();
    }
    await().atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(gauge("origin_connections", "primary")).isZero());
  }

  @Test
  void anOriginStartedAgainAddsToTheSameSeries() throws Exception {
    RawHttp.exchange(primary.port(), "GET", "/hls/index.m3u8");
    primary.close();
    primary = new OriginServer(OriginConfig.of(directory).withPort(0),
        new OriginMetrics(registry, "primary")).start();
    RawHttp.exchange(primary.port(), "GET", "/hls/index.m3u8");

    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(counter("origin_requests", "primary", "2xx")).isEqualTo(2));
  }

  @Test
  void logsOneLineAtStartAndNothingPerRequest() throws Exception {
    List<String> started = info();
    for (int i = 0; i < 5; i++) {
      RawHttp.exchange(primary.port(), "GET", "/hls/seg-1.ts");
      RawHttp.exchange(primary.port(), "GET", "/hls/%2e%2e/x");
      RawHttp.exchange(primary.port(), "GET", "/hls/missing.ts");
    }

    String transport = " (" + OriginTransport.preferred().label() + ", "
        + Runtime.getRuntime().availableProcessors() + " event loops)";
    assertThat(started).containsExactly(
        "Origin serving " + directory.toRealPath() + " on http://127.0.0.1:" + primary.port()
            + "/hls/" + transport,
        "Origin serving " + directory.toRealPath() + " on http://127.0.0.1:" + backup.port()
            + "/hls/" + transport);
    assertThat(info()).isEqualTo(started);
  }

  private List<String> info() {
    return log.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
        .map(ILoggingEvent::getFormattedMessage).toList();
  }

  private double counter(String name, String origin, String... statusClass) {
    for (DataPointSnapshot point : dataPoints(name)) {
      CounterSnapshot.CounterDataPointSnapshot counter =
          (CounterSnapshot.CounterDataPointSnapshot) point;
      if (origin.equals(point.getLabels().get("origin")) && (statusClass.length == 0
          || statusClass[0].equals(point.getLabels().get("status_class")))) {
        return counter.getValue();
      }
    }
    return 0;
  }

  private double gauge(String name, String origin) {
    for (DataPointSnapshot point : dataPoints(name)) {
      if (origin.equals(point.getLabels().get("origin"))) {
        return ((GaugeSnapshot.GaugeDataPointSnapshot) point).getValue();
      }
    }
    return Double.NaN;
  }

  private long histogramCount(String name, String origin) {
    for (DataPointSnapshot point : dataPoints(name)) {
      if (origin.equals(point.getLabels().get("origin"))) {
        return ((HistogramSnapshot.HistogramDataPointSnapshot) point).getCount();
      }
    }
    return 0;
  }

  private List<? extends DataPointSnapshot> dataPoints(String name) {
    for (MetricSnapshot snapshot : registry.scrape()) {
      if (snapshot.getMetadata().getPrometheusName().equals(name)) {
        return snapshot.getDataPoints();
      }
    }
    throw new AssertionError("no metric " + name);
  }
}
