package io.streaminglab.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.streaminglab.hls.PlaylistParser;
import io.streaminglab.httpclient.HttpFetcher;
import io.streaminglab.httpclient.HttpFetcherConfig;
import io.streaminglab.ingest.IngestConfig;
import io.streaminglab.ingest.IngestMetrics;
import io.streaminglab.ingest.RtmpIngestServer;
import io.streaminglab.ingest.hub.StreamHub;
import io.streaminglab.ingest.hub.Subscription;
import io.streaminglab.origin.OriginConfig;
import io.streaminglab.origin.OriginMetrics;
import io.streaminglab.origin.OriginServer;
import io.streaminglab.packager.Packager;
import io.streaminglab.packager.PackagerConfig;
import io.streaminglab.packager.PackagerMetrics;
import io.streaminglab.probe.ProbeEvent.Type;
import io.streaminglab.testkit.ExternalTool;
import io.streaminglab.testkit.PeerProcess;
import io.streaminglab.testkit.TestPublisher;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe playing the real pipeline: ffmpeg publishes over RTMP to the ingest, a packager
 * reads the hub in-process, an origin serves its directory, the probe plays the origin.
 */
class PlayerProbeEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private RtmpIngestServer ingest;
  private OriginServer origin;
  private HttpFetcher fetcher;

  @BeforeEach
  void startPipeline() throws Exception {
    ExternalTool.FFMPEG.require();
    PrometheusRegistry registry = new PrometheusRegistry();
    IngestMetrics ingestMetrics = new IngestMetrics(registry);
    StreamHub hub = new StreamHub(Clock.systemUTC(), ingestMetrics, 16 << 20);
    ingest = new RtmpIngestServer(IngestConfig.defaults().withPort(0), hub, ingestMetrics)
        .start();
    closeables.add(ingest);
    Path out = Files.createDirectories(dir.resolve("primary"));
    Packager packager = new Packager(PackagerConfig.of("primary", out),
        new PackagerMetrics(registry), Clock.systemUTC()).start();
    Subscription subscription = hub.subscribe("mystream", packager);
    closeables.add(() -> {
      subscription.close();
      packager.close();
    });
    origin = new OriginServer(OriginConfig.of(out).withPort(0),
        new OriginMetrics(registry, "primary")).start();
    closeables.add(origin);
    fetcher = new HttpFetcher(HttpFetcherConfig.defaults()
        .withConnectTimeout(Duration.ofSeconds(1)).withResponseTimeout(Duration.ofSeconds(3)));
    closeables.add(fetcher);
  }

  @AfterEach
  void stopAll() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  @Test
  void aHealthyStreamPlaysTwentySecondsWithoutAnythingAViewerWouldNotice() throws Exception {
    publish(50);
    boolean ffprobe = ExternalTool.FFPROBE.locate().isPresent();

    ProbeReport report = new PlayerProbe(config(Duration.ofSeconds(20)).withDecodeCheck(ffprobe),
        fetcher, Clock.systemUTC()).run();

    assertThat(report.viewerSawProblem()).as(report.toJson()).isFalse();
    assertThat(report.stalls()).isZero();
    assertThat(report.lost()).isZero();
    assertThat(report.repeated()).isZero();
    assertThat(report.regressions()).isZero();
    assertThat(report.pdtGaps()).isZero();
    assertThat(report.segments()).as(report.toJson()).isGreaterThanOrEqualTo(9);
    assertThat(report.segmentLatency().count()).isEqualTo(report.segments());
    if (ffprobe) {
      assertThat(report.decodeChecked()).isEqualTo(report.segments());
      assertThat(report.decodeFailures()).isZero();
    }
  }

  @Test
  void aPublisherThatStopsMidProbeMakesTheViewerStall() throws Exception {
    PeerProcess publisher = publish(60);
    BackgroundProbe probe = BackgroundProbe.start(config(Duration.ofSeconds(13)), fetcher);
    await().atMost(WAIT).until(() -> probe.saw(Type.PLAYBACK_STARTED));

    publisher.close();

    ProbeReport report = probe.report().get(60, TimeUnit.SECONDS);
    assertThat(report.stalls()).as(report.toJson()).isGreaterThanOrEqualTo(1);
    assertThat(report.stallSeconds()).isGreaterThan(0);
    assertThat(report.viewerSawProblem()).isTrue();
    assertThat(report.events()).extracting(ProbeEvent::type).contains(Type.STALL_STARTED);
  }

  /** Starts ffmpeg and waits until the playlist lists three segments. */
  private PeerProcess publish(int seconds) {
    PeerProcess publisher = TestPublisher.start("rtmp://127.0.0.1:" + ingest.port()
        + "/mystream", seconds);
    closeables.add(publisher);
    Path playlist = dir.resolve("primary").resolve("index.m3u8");
    await().atMost(WAIT).ignoreExceptions().until(() ->
        PlaylistParser.parse(Files.readString(playlist)).segments().size() >= 3);
    return publisher;
  }

  private ProbeConfig config(Duration duration) {
    return ProbeConfig.of(URI.create("http://127.0.0.1:" + origin.port() + "/hls/index.m3u8"),
        duration);
  }
}
