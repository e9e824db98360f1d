package io.streaminglab.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.streaminglab.hls.MediaPlaylist;
import io.streaminglab.hls.MediaSegment;
import io.streaminglab.hls.PlaylistWriter;
import io.streaminglab.httpclient.HttpFetcher;
import io.streaminglab.httpclient.HttpFetcherConfig;
import io.streaminglab.origin.OriginConfig;
import io.streaminglab.origin.OriginMetrics;
import io.streaminglab.origin.OriginServer;
import io.streaminglab.probe.ProbeEvent.Type;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe over real HTTP against our origin serving a directory the test writes by hand, so
 * that the playlist can misbehave on cue.
 */
class PlayerProbeOriginTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Instant DATES = Instant.parse("2026-03-01T12:00:00Z");

  @TempDir
  Path dir;

  private OriginServer origin;
  private HttpFetcher fetcher;

  @BeforeEach
  void startOrigin() throws Exception {
    origin = new OriginServer(OriginConfig.of(dir).withPort(0),
        new OriginMetrics(new PrometheusRegistry(), "primary")).start();
    fetcher = new HttpFetcher(HttpFetcherConfig.defaults()
        .withConnectTimeout(Duration.ofSeconds(1)).withResponseTimeout(Duration.ofSeconds(2)));
  }

  @AfterEach
  void stop() {
    fetcher.close();
    origin.close();
  }

  @Test
  void aPlaylistWhoseMediaSequenceGoesBackIsARegression() throws Exception {
    writeSegments(10, 13);
    writePlaylist(playlist(10, 13));
    BackgroundProbe probe = BackgroundProbe.start(config(Duration.ofSeconds(6)), fetcher);
    await().atMost(WAIT).until(() -> probe.saw(Type.PLAYBACK_STARTED));

    writePlaylist(playlist(8, 11));

    ProbeReport report = probe.report().get(30, TimeUnit.SECONDS);
    assertThat(report.regressions()).isGreaterThanOrEqualTo(1);
    assertThat(report.viewerSawProblem()).isTrue();
    assertThat(report.events()).filteredOn(e -> e.type() == Type.REGRESSION).first()
        .satisfies(e -> assertThat(e.detail()).contains("went back from 10 to 8"));
    assertThat(report.segments()).isEqualTo(3);
    assertThat(report.lost()).isZero();
  }

  @Test
  void aSegmentMissingFromTheOriginIsTriedThreeTimesThenLost() throws Exception {
    writeSegments(10, 13);
    Files.delete(dir.resolve("seg-12.ts"));
    writePlaylist(playlist(10, 13));

    ProbeConfig config = config(Duration.ofSeconds(3)).withRetryDelay(Duration.ofMillis(50));

    ProbeReport report = new PlayerProbe(config, fetcher, Clock.systemUTC()).run();

    assertThat(report.segmentErrors()).containsEntry("HTTP_404", 3);
    assertThat(report.segmentFailures()).isEqualTo(3);
    assertThat(report.lost()).isEqualTo(1);
    assertThat(report.segments()).isEqualTo(2);
    assertThat(report.playbackStarted()).isTrue();
    assertThat(report.problems()).contains("1 lost segment(s)");
  }

  @Test
  void aPlaylistThatNeverLoadsIsReportedWithItsErrors() throws Exception {
    ProbeReport report = new PlayerProbe(config(Duration.ofSeconds(3)), fetcher,
        Clock.systemUTC()).run();

    assertThat(report.playlistLoaded()).isFalse();
    assertThat(report.playlistErrors()).containsKey("HTTP_404");
    assertThat(report.problems()).containsExactly("the playlist never loaded");
  }

  @Test
  void aDeadOriginCountsRefusedConnections() throws Exception {
    int port = origin.port();
    origin.close();
    ProbeConfig config = ProbeConfig.of(URI.create("http://127.0.0.1:" + port
        + "/hls/index.m3u8"), Duration.ofSeconds(2));

    ProbeReport report = new PlayerProbe(config, fetcher, Clock.systemUTC()).run();

    assertThat(report.playlistErrors()).containsKey("CONNECT_REFUSED");
    assertThat(report.viewerSawProblem()).isTrue();
  }

  @Test
  void aLivePlaylistThatKeepsGrowingPlaysWithoutAProblem() throws Exception {
    writeSegments(10, 13);
    writePlaylist(playlist(10, 13));
    // One new one-second segment per second, as a packager would publish them.
    ScheduledExecutorService packager = Executors.newSingleThreadScheduledExecutor();
    AtomicLong last = new AtomicLong(13);
    packager.scheduleAtFixedRate(() -> {
      try {
        long n = last.incrementAndGet();
        writeSegments(n, n);
        writePlaylist(playlist(n - 3, n));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, 1, 1, TimeUnit.SECONDS);
    try {
      ProbeReport report = new PlayerProbe(config(Duration.ofSeconds(4)), fetcher,
          Clock.systemUTC()).run();

      assertThat(report.viewerSawProblem()).as(report.toJson()).isFalse();
      assertThat(report.segments()).isGreaterThanOrEqualTo(5);
      assertThat(report.playlistLatency().count()).isGreaterThanOrEqualTo(4);
      assertThat(report.segmentBytes()).isEqualTo(report.segments() * 1880L);
    } finally {
      packager.shutdownNow();
    }
  }

  private ProbeConfig config(Duration duration) {
    return ProbeConfig.of(URI.create("http://127.0.0.1:" + origin.port() + "/hls/index.m3u8"),
        duration);
  }

  private void writeSegments(long first, long last) throws Exception {
    for (long n = first; n <= last; n++) {
      byte[] bytes = new byte[1880];
      bytes[0] = 0x47;
      Files.write(dir.resolve("seg-" + n + ".ts"), bytes);
    }
  }

  /** One-second segments {@code first..last}, segment n dated DATES + n s. */
  private static MediaPlaylist playlist(long first, long last) {
    List<MediaSegment> segments = new ArrayList<>();
    for (long n = first; n <= last; n++) {
      segments.add(new MediaSegment("seg-" + n + ".ts", 1.0, DATES.plusSeconds(n), false));
    }
    return new MediaPlaylist(3, 1, first, 0, true, false, segments);
  }

  private void writePlaylist(MediaPlaylist playlist) throws Exception {
    Path temporary = dir.resolve(".index.m3u8.tmp");
    Files.writeString(temporary, PlaylistWriter.write(playlist));
    Files.move(temporary, dir.resolve("index.m3u8"), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }
}
