package io.streaminglab.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.streaminglab.hls.ContentSteering;
import io.streaminglab.hls.MultivariantParser;
import io.streaminglab.hls.MultivariantPlaylist;
import io.streaminglab.hls.MultivariantWriter;
import io.streaminglab.hls.PlaylistParser;
import io.streaminglab.hls.VariantStream;
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
import io.streaminglab.testkit.ExternalTool;
import io.streaminglab.testkit.TestPublisher;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe playing a multivariant playlist of redundant variants, one per pathway: ffmpeg
 * publishes to the ingest, two packagers read the hub, two origins serve their directories, and
 * a small JDK HTTP server in the test serves the multivariant playlist (built from the
 * packager's own live.m3u8) and the steering manifest, as the switchers will.
 */
class PlayerProbeMultivariantEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final AtomicReference<String> steeringJson = new AtomicReference<>();
  private final List<String> steeringQueries = new CopyOnWriteArrayList<>();
  private RtmpIngestServer ingest;
  private OriginServer primary;
  private OriginServer backup;
  private HttpServer front;
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
    PackagerMetrics packagerMetrics = new PackagerMetrics(registry);
    for (String name : List.of("primary", "backup")) {
      Packager packager = new Packager(PackagerConfig.of(name, dir.resolve(name)),
          packagerMetrics, Clock.systemUTC()).start();
      Subscription subscription = hub.subscribe("mystream", packager);
      closeables.add(() -> {
        subscription.close();
        packager.close();
      });
    }
    primary = new OriginServer(OriginConfig.of(dir.resolve("primary")).withPort(0),
        new OriginMetrics(registry, "primary")).start();
    backup = new OriginServer(OriginConfig.of(dir.resolve("backup")).withPort(0),
        new OriginMetrics(registry, "backup")).start();
    closeables.add(primary);
    closeables.add(backup);
    fetcher = new HttpFetcher(HttpFetcherConfig.defaults()
        .withConnectTimeout(Duration.ofSeconds(1)).withResponseTimeout(Duration.ofSeconds(2)));
    closeables.add(fetcher);
    closeables.add(TestPublisher.start("rtmp://127.0.0.1:" + ingest.port() + "/mystream", 60));
    await().atMost(WAIT).ignoreExceptions().until(() -> PlaylistParser.parse(Files.readString(
        dir.resolve("backup").resolve("index.m3u8"))).segments().size() >= 3
        && Files.exists(dir.resolve("primary").resolve("live.m3u8")));
  }

  @AfterEach
  void stopAll() throws Exception {
    if (front != null) {
      front.stop(0);
    }
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  @Test
  void whenTheOriginPlayedDiesTheProbeFailsOverWithoutAStallOrASkippedSegment()
      throws Exception {
    URI live = serveMultivariant(null);
    BackgroundProbe probe = BackgroundProbe.start(config(live, 16), fetcher);
    await().atMost(WAIT).until(() -> probe.saw(ProbeEvent.Type.PLAYBACK_STARTED));
    await().atMost(WAIT).until(() -> segmentsLoaded(probe) >= 5);
    int primaryPort = primary.port();

    primary.close();

    ProbeReport report = probe.report().get(60, TimeUnit.SECONDS);
    assertThat(report.viewerSawProblem()).as(report.toJson()).isFalse();
    assertThat(report.stalls()).isZero();
    assertThat(report.lost()).isZero();
    assertContiguous(report);
    assertThat(report.failovers()).as(report.toJson()).hasSize(1);
    Failover failover = report.failovers().get(0);
    assertThat(failover.fromPathway()).isEqualTo("primary");
    assertThat(failover.toPathway()).isEqualTo("backup");
    assertThat(failover.cause()).isNotBlank();
    assertThat(failover.completed()).isTrue();
    assertThat(failover.seconds()).isBetween(0.0, 5.0);
    assertThat(report.playedSegments()).extracting(PlayedSegment::host)
        .contains("127.0.0.1:" + primaryPort, "127.0.0.1:" + backup.port());
    PlayedSegment last = report.playedSegments().get(report.playedSegments().size() - 1);
    assertThat(last.pathway()).isEqualTo("backup");
    assertThat(last.uri()).startsWith("http://127.0.0.1:" + backup.port() + "/hls/seg-");
  }

  @Test
  void contentSteeringMovesTheProbeToTheOtherPathwayAtASegmentBoundary() throws Exception {
    steeringJson.set(new SteeringManifest(1, 1, null, List.of("primary", "backup")).toJson());
    URI live = serveMultivariant("primary");
    BackgroundProbe probe = BackgroundProbe.start(config(live, 14), fetcher);
    await().atMost(WAIT).until(() -> probe.saw(ProbeEvent.Type.PLAYBACK_STARTED));
    await().atMost(WAIT).until(() -> segmentsLoaded(probe) >= 4);

    steeringJson.set(new SteeringManifest(1, 1, null, List.of("backup", "primary")).toJson());

    ProbeReport report = probe.report().get(60, TimeUnit.SECONDS);
    assertThat(report.viewerSawProblem()).as(report.toJson()).isFalse();
    assertContiguous(report);
    assertThat(report.failovers()).as(report.toJson()).singleElement().satisfies(move -> {
      assertThat(move.cause()).isEqualTo(Failover.STEERING);
      assertThat(move.fromPathway()).isEqualTo("primary");
      assertThat(move.toPathway()).isEqualTo("backup");
      assertThat(move.completed()).isTrue();
    });
    assertThat(report.playedSegments().get(0).pathway()).isEqualTo("primary");
    assertThat(report.playedSegments().get(report.playedSegments().size() - 1).pathway())
        .isEqualTo("backup");
    assertThat(steeringQueries).first().satisfies(query -> assertThat(query)
        .startsWith("_HLS_pathway=primary&_HLS_throughput="));
    assertThat(steeringQueries).anyMatch(query -> query.startsWith("_HLS_pathway=backup&"));
  }

  /** Every sequence number from the first played to the last, once each, in order. */
  private static void assertContiguous(ProbeReport report) {
    List<Long> sequences = report.playedSegments().stream().map(PlayedSegment::sequence)
        .toList();
    assertThat(sequences).as(report.toJson()).isNotEmpty();
    for (int i = 1; i < sequences.size(); i++) {
      assertThat(sequences.get(i)).as("after %s", sequences.get(i - 1))
          .isEqualTo(sequences.get(i - 1) + 1);
    }
    assertThat(report.repeated()).isZero();
    assertThat(report.segments()).isEqualTo(sequences.size());
  }

  private static long segmentsLoaded(BackgroundProbe probe) {
    return probe.events().stream().filter(e -> e.type() == ProbeEvent.Type.SEGMENT_LOADED)
        .count();
  }

  /**
   * Starts the front server: /hls/live.m3u8 names the primary and the backup origin's
   * index.m3u8 as redundant variants (with steering on {@code steeringPathway} when not null),
   * /hls/steering.json answers {@link #steeringJson}.
   */
  private URI serveMultivariant(String steeringPathway) throws IOException {
    VariantStream variant;
    try {
      variant = MultivariantParser.parse(Files.readString(
          dir.resolve("primary").resolve("live.m3u8"))).variants().get(0);
    } catch (Exception e) {
      throw new IOException(e);
    }
    MultivariantPlaylist playlist = new MultivariantPlaylist(3, true,
        steeringPathway == null ? null : new ContentSteering("steering.json", steeringPathway),
        List.of(variant.at("http://127.0.0.1:" + primary.port() + "/hls/index.m3u8", "primary"),
            variant.at("http://127.0.0.1:" + backup.port() + "/hls/index.m3u8", "backup")));
    byte[] text = MultivariantWriter.write(playlist).getBytes(StandardCharsets.UTF_8);
    front = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    front.createContext("/hls/live.m3u8", exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "application/vnd.apple.mpegurl");
      exchange.sendResponseHeaders(200, text.length);
      exchange.getResponseBody().write(text);
      exchange.close();
    });
    front.createContext("/hls/steering.json", exchange -> {
      steeringQueries.add(String.valueOf(exchange.getRequestURI().getRawQuery()));
      byte[] body = steeringJson.get().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    front.start();
    return URI.create("http://127.0.0.1:" + front.getAddress().getPort() + "/hls/live.m3u8");
  }

  private static ProbeConfig config(URI url, int seconds) {
    return ProbeConfig.of(url, Duration.ofSeconds(seconds));
  }
}
