package io.streaminglab.switcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.streaminglab.hls.MediaPlaylist;
import io.streaminglab.hls.MediaSegment;
import io.streaminglab.httpclient.HttpFetcher;
import io.streaminglab.httpclient.HttpFetcherConfig;
import io.streaminglab.probe.PlayerProbe;
import io.streaminglab.probe.ProbeConfig;
import io.streaminglab.probe.ProbeReport;
import io.streaminglab.testkit.ExternalTool;
import io.streaminglab.testkit.PeerProcess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The switcher in front of origins it did not make alike: our packager as the primary, and
 * ffmpeg's own HLS muxer (its own names, numbers and clock) as the backup. A failover and the
 * switch back splice by program date-time and mark the discontinuities, and the player sees
 * no stall, loss, repetition or regression, whichever way the primary fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnalignedOriginsEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  static Path dir;

  private LiveLab live;
  private AutoCloseable packager;
  private PeerProcess ffmpegHls;
  private FaultyOrigin primary;
  private FaultyOrigin backup;
  private Switcher switcher;
  private SwitcherServer server;
  private HttpFetcher fetcher;

  @BeforeAll
  void start() throws Exception {
    ExternalTool.FFMPEG.require();
    live = new LiveLab(900);
    packager = live.packager("primary", dir.resolve("primary"));
    Path ffmpegDir = Files.createDirectories(dir.resolve("ffmpeg"));
    ffmpegHls = PeerProcess.start(List.of(ExternalTool.FFMPEG.require(), "-hide_banner",
        "-nostdin", "-loglevel", "error", "-i", live.rtmpUrl(), "-c", "copy", "-f", "hls",
        "-hls_time", "2", "-hls_list_size", "6",
        "-hls_flags", "delete_segments+program_date_time+independent_segments",
        "-hls_segment_filename", ffmpegDir.resolve("index%d.ts").toString(),
        ffmpegDir.resolve("index.m3u8").toString()));
    primary = new FaultyOrigin(dir.resolve("primary")).start();
    backup = new FaultyOrigin(ffmpegDir).start();
    SwitcherConfig config = SwitcherConfig.of(URI.create(primary.baseUrl()),
        URI.create(backup.baseUrl()), AdminTokens.generate()).withPort(0)
        .withChecks(Duration.ofMillis(500), null, 2).withMinDwell(Duration.ofSeconds(3));
    PrometheusRegistry registry = new PrometheusRegistry();
    switcher = new Switcher(config, registry, Clock.systemUTC()).start();
    server = new SwitcherServer(switcher, registry).start();
    fetcher = new HttpFetcher(HttpFetcherConfig.defaults());
    await().atMost(WAIT).until(() -> switcher.view().playlist() != null
        && switcher.view().playlist().segments().size() >= 4
        && switcher.view().origins()[1].healthy());
  }

  @AfterAll
  void stop() throws Exception {
    for (AutoCloseable closeable : new AutoCloseable[] {fetcher, server, switcher, primary,
        backup, ffmpegHls, packager, live}) {
      if (closeable != null) {
        closeable.close();
      }
    }
  }

  /** The primary's faults, each with its repair. */
  enum Fault {
    ORIGIN_STOPPED,
    ANSWERS_5XX,
    PACKAGER_STOPPED
  }

  private void inject(Fault fault) throws Exception {
    switch (fault) {
      case ORIGIN_STOPPED:
        primary.stop();
        break;
      case ANSWERS_5XX:
        primary.mode(FaultyOrigin.Mode.ERROR_5XX);
        break;
      default:
        packager.close();
    }
  }

  private void repair(Fault fault) throws Exception {
    switch (fault) {
      case ORIGIN_STOPPED:
        primary.start();
        break;
      case ANSWERS_5XX:
        primary.mode(FaultyOrigin.Mode.NORMAL);
        break;
      default:
        packager = live.packager("primary", dir.resolve("primary"));
    }
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  void aFailoverToAnUnalignedOriginAndBackSplicesWithoutAStall(Fault fault) throws Exception {
    await().atMost(WAIT).until(() -> switcher.view().active() == Origin.PRIMARY
        && switcher.view().line() == Origin.PRIMARY);
    MediaPlaylist before = switcher.view().playlist();
    PlayerProbe probe = new PlayerProbe(ProbeConfig.of(URI.create("http://127.0.0.1:"
        + server.port() + "/hls/index.m3u8"), Duration.ofSeconds(30)), fetcher,
        Clock.systemUTC());
    CompletableFuture<ProbeReport> report = CompletableFuture.supplyAsync(() -> {
      try {
        return probe.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    });
    await().pollDelay(Duration.ofSeconds(6)).atMost(WAIT).until(() -> true);
    inject(fault);
    await().atMost(Duration.ofSeconds(15))
        .until(() -> switcher.view().active() == Origin.BACKUP);
    await().atMost(WAIT).until(() -> switcher.view().line() == Origin.BACKUP);
    await().pollDelay(Duration.ofSeconds(5)).atMost(WAIT).until(() -> true);
    repair(fault);
    await().atMost(WAIT).until(() -> switcher.view().line() == Origin.PRIMARY);
    ProbeReport result = report.get();

    assertThat(result.problems()).as(result.toJson()).isEmpty();
    assertThat(result.discontinuities()).as(result.toJson()).isGreaterThanOrEqualTo(1);
    MediaPlaylist after = switcher.view().playlist();
    assertThat(after.mediaSequence()).isGreaterThan(before.mediaSequence());
    List<String> names = after.segments().stream().map(MediaSegment::uri).toList();
    assertThat(names).doesNotHaveDuplicates().allMatch(name -> name.startsWith("seg-"));
    assertThat(switcher.view().failovers()).isPositive();
    assertThat(switcher.view().switchbacks()).isPositive();
  }
}
