package io.streaminglab.switcher;

import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.streaminglab.httpclient.HttpFetcher;
import io.streaminglab.httpclient.HttpFetcherConfig;
import io.streaminglab.httpclient.HttpResult;
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
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The switcher in front of two origins it did not make alike, for the unaligned end-to-end
 * tests: our packager behind the primary, ffmpeg's own HLS muxer (its own names, numbers and
 * clock) behind the backup, both read from one live ingest, each origin a {@link FaultyOrigin}.
 *
 * <p>Lifecycle: {@link #start} brings everything up and waits until the switcher serves a
 * playlist of a few segments with both origins healthy; {@link #close()} ends it all.
 */
final class UnalignedLab implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(60);

  private final Path dir;
  private LiveLab live;
  private AutoCloseable packager;
  private PeerProcess ffmpegHls;
  FaultyOrigin primary;
  FaultyOrigin backup;
  Switcher switcher;
  private SwitcherServer server;
  private HttpFetcher fetcher;

  private UnalignedLab(Path dir) {
    this.dir = dir;
  }

  static UnalignedLab start(Path dir) throws Exception {
    ExternalTool.FFMPEG.require();
    UnalignedLab lab = new UnalignedLab(dir);
    try {
      lab.open();
    } catch (Exception | AssertionError e) {
      lab.close();
      throw e;
    }
    return lab;
  }

  private void open() throws Exception {
    live = new LiveLab(900);
    startPackager();
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

  /** Starts the primary's packager again (or for the first time). */
  void startPackager() throws Exception {
    packager = live.packager("primary", dir.resolve("primary"));
  }

  /** Stops the primary's packager: its origin goes on serving a playlist that never grows. */
  void stopPackager() throws Exception {
    AutoCloseable running = packager;
    packager = null;
    running.close();
  }

  /** Waits until the primary is active, healthy, and the output follows its numbering. */
  void awaitPrimaryFollowed() {
    await().atMost(WAIT).until(() -> switcher.view().active() == Origin.PRIMARY
        && switcher.view().line() == Origin.PRIMARY && switcher.view().origins()[0].healthy());
  }

  /** A player-like probe playing the switcher's playlist for {@code duration}, started now. */
  CompletableFuture<ProbeReport> play(Duration duration) {
    PlayerProbe probe = new PlayerProbe(ProbeConfig.of(URI.create("http://127.0.0.1:"
        + server.port() + "/hls/index.m3u8"), duration), fetcher, Clock.systemUTC());
    return CompletableFuture.supplyAsync(() -> {
      try {
        return probe.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    });
  }

  /** Lets {@code duration} pass without a condition to wait for (the fault's length). */
  static void let(Duration duration) {
    await().pollDelay(duration).atMost(duration.plus(WAIT)).until(() -> true);
  }

  HttpResult get(String path) throws Exception {
    return fetcher.get(URI.create("http://127.0.0.1:" + server.port() + path), Map.of()).get();
  }

  int playlistStatus() {
    try {
      return get("/hls/index.m3u8").status();
    } catch (Exception e) {
      return -1;
    }
  }

  /** The value of one series of the switcher's /metrics, or 0 when it is absent. */
  double metric(String series) throws Exception {
    String text = new String(get("/metrics").body());
    return text.lines().filter(line -> line.startsWith(series + " ")).findFirst()
        .map(line -> Double.parseDouble(line.substring(series.length() + 1))).orElse(0.0);
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable closeable : new AutoCloseable[] {fetcher, server, switcher, primary,
        backup, ffmpegHls, packager, live}) {
      if (closeable != null) {
        closeable.close();
      }
    }
  }
}
