package io.streaminglab.switcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.streaminglab.httpclient.HttpFetcher;
import io.streaminglab.httpclient.HttpFetcherConfig;
import io.streaminglab.httpclient.HttpResult;
import io.streaminglab.probe.PlayerProbe;
import io.streaminglab.probe.ProbeConfig;
import io.streaminglab.probe.ProbeReport;
import io.streaminglab.testkit.ExternalTool;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The switcher in front of two aligned origins (epoch-locked packagers of one live ffmpeg
 * stream), one test per fault of the primary. A player-like probe plays through the switcher
 * across each fault: no stall, no lost or repeated segment, no regression.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SwitcherFaultsEndToEndTest {
  private static final Duration PROBE = Duration.ofSeconds(26);
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  static Path dir;

  private LiveLab live;
  private AutoCloseable primaryPackager;
  private AutoCloseable backupPackager;
  private FaultyOrigin primary;
  private FaultyOrigin backup;
  private Switcher switcher;
  private SwitcherServer server;
  private HttpFetcher fetcher;

  @BeforeAll
  void start() throws Exception {
    ExternalTool.FFMPEG.require();
    live = new LiveLab(900);
    primaryPackager = live.packager("primary", dir.resolve("primary"));
    backupPackager = live.packager("backup", dir.resolve("backup"));
    primary = new FaultyOrigin(dir.resolve("primary")).start();
    backup = new FaultyOrigin(dir.resolve("backup")).start();
    SwitcherConfig config = SwitcherConfig.of(URI.create(primary.baseUrl()),
        URI.create(backup.baseUrl()), AdminTokens.generate()).withPort(0)
        .withChecks(Duration.ofMillis(500), null, 2).withMinDwell(Duration.ofSeconds(3));
    PrometheusRegistry registry = new PrometheusRegistry();
    switcher = new Switcher(config, registry, Clock.systemUTC()).start();
    server = new SwitcherServer(switcher, registry).start();
    fetcher = new HttpFetcher(HttpFetcherConfig.defaults());
    await().atMost(WAIT).until(() -> switcher.view().playlist() != null
        && switcher.view().playlist().segments().size() >= 4);
  }

  @AfterEach
  void backToNormal() throws Exception {
    primary.mode(FaultyOrigin.Mode.NORMAL);
    primary.start();
    await().atMost(WAIT).until(() -> switcher.view().active() == Origin.PRIMARY
        && switcher.view().origins()[0].healthy());
  }

  @AfterAll
  void stop() throws Exception {
    for (AutoCloseable closeable : new AutoCloseable[] {fetcher, server, switcher, primary,
        backup, primaryPackager, backupPackager, live}) {
      if (closeable != null) {
        closeable.close();
      }
    }
  }

  @Test
  void aStoppedOriginCostsTheViewerNothing() throws Exception {
    ProbeReport report = playAcross(primary::stop, primary::start, Expect.FAILOVER);

    CleanPlayback.assertViewerSawNothing(report);
  }

  @Test
  void anOriginAnswering5xxCostsTheViewerNothing() throws Exception {
    ProbeReport report = playAcross(() -> primary.mode(FaultyOrigin.Mode.ERROR_5XX),
        () -> primary.mode(FaultyOrigin.Mode.NORMAL), Expect.FAILOVER);

    CleanPlayback.assertViewerSawNothing(report);
    assertThat(switcher.view().origins()[0].http5xx()).isPositive();
  }

  @Test
  void anOriginThatHangsCostsTheViewerNothing() throws Exception {
    ProbeReport report = playAcross(() -> primary.mode(FaultyOrigin.Mode.HANG),
        () -> primary.mode(FaultyOrigin.Mode.NORMAL), Expect.FAILOVER);

    CleanPlayback.assertViewerSawNothing(report);
  }

  @Test
  void aSlowOriginCostsTheViewerNothing() throws Exception {
    ProbeReport report = playAcross(() -> primary.mode(FaultyOrigin.Mode.SLOW),
        () -> primary.mode(FaultyOrigin.Mode.NORMAL), Expect.EITHER);

    CleanPlayback.assertViewerSawNothing(report);
  }

  @Test
  void truncatedSegmentsAreFetchedFromTheOtherOriginWithinTheRequest() throws Exception {
    ProbeReport report = playAcross(() -> primary.mode(FaultyOrigin.Mode.TRUNCATED_SEGMENTS),
        () -> primary.mode(FaultyOrigin.Mode.NORMAL), Expect.NO_FAILOVER);

    CleanPlayback.assertViewerSawNothing(report);
    assertThat(metric("switcher_segment_fallbacks_total{origin=\"primary\","
        + "switcher=\"switcher\"}")).isPositive();
  }

  @Test
  void aStalePlaylistFromAStoppedPackagerCostsTheViewerNothing() throws Exception {
    ProbeReport report = playAcross(() -> primaryPackager.close(),
        () -> primaryPackager = live.packager("primary", dir.resolve("primary")),
        Expect.FAILOVER);

    CleanPlayback.assertViewerSawNothing(report);
  }

  @Test
  void withBothOriginsDownThePlaylistIsA503UntilOneReturns() throws Exception {
    primary.stop();
    backup.stop();
    try {
      await().atMost(WAIT).until(() -> playlistStatus() == 503);
      HttpResult down = get("/hls/index.m3u8");
      assertThat(down.header("Retry-After")).isEqualTo("2");
      assertThat(new String(down.body())).contains("Both origins are down");
    } finally {
      backup.start();
    }
    await().atMost(WAIT).until(() -> playlistStatus() == 200);
    // Players get the playlist as soon as the backup answers; the policy follows it after its
    // required checks.
    await().atMost(WAIT).until(() -> switcher.view().active() == Origin.BACKUP);
  }

  /** What the switcher's policy is expected to do about a fault. */
  private enum Expect {
    FAILOVER,
    NO_FAILOVER,
    /**
     * Either: whether answers 300 ms slower pass the poll's timeout depends on how loaded the
     * machine is; the viewer must see nothing either way.
     */
    EITHER
  }

  /**
   * Plays through the switcher while the fault is on for about twelve seconds, then repaired;
   * checks the failover the fault should (or should not) cause.
   */
  private ProbeReport playAcross(Fault inject, Fault repair, Expect expect)
      throws Exception {
    long failoversBefore = switcher.view().failovers();
    PlayerProbe probe = new PlayerProbe(ProbeConfig.of(
        URI.create("http://127.0.0.1:" + server.port() + "/hls/index.m3u8"), PROBE), fetcher,
        Clock.systemUTC());
    CompletableFuture<ProbeReport> report = CompletableFuture.supplyAsync(() -> {
      try {
        return probe.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    });
    // The fault starts once the player has had time to start, and lasts about twelve seconds.
    await().pollDelay(Duration.ofSeconds(6)).atMost(WAIT).until(() -> true);
    inject.apply();
    if (expect == Expect.FAILOVER) {
      await().atMost(Duration.ofSeconds(15))
          .until(() -> switcher.view().active() == Origin.BACKUP);
      assertThat(switcher.view().failovers()).isGreaterThan(failoversBefore);
    }
    await().pollDelay(Duration.ofSeconds(8)).atMost(WAIT).until(() -> true);
    repair.apply();
    ProbeReport result = report.get();
    if (expect == Expect.NO_FAILOVER) {
      assertThat(switcher.view().failovers()).isEqualTo(failoversBefore);
    }
    assertThat(result.segments()).as(result.toJson()).isGreaterThanOrEqualTo(8);
    // Aligned origins share names, numbers and bytes: a switch is no discontinuity.
    assertThat(result.discontinuities()).as(result.toJson()).isZero();
    return result;
  }

  private int playlistStatus() {
    try {
      return get("/hls/index.m3u8").status();
    } catch (Exception e) {
      return -1;
    }
  }

  private HttpResult get(String path) throws Exception {
    return fetcher.get(URI.create("http://127.0.0.1:" + server.port() + path), Map.of()).get();
  }

  private double metric(String series) throws Exception {
    String text = new String(get("/metrics").body());
    return text.lines().filter(line -> line.startsWith(series + " ")).findFirst()
        .map(line -> Double.parseDouble(line.substring(series.length() + 1))).orElse(0.0);
  }

  /** A fault's start or its repair. */
  @FunctionalInterface
  private interface Fault {
    void apply() throws Exception;
  }
}
