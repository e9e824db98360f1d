package io.streaminglab.packager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.streaminglab.hls.MediaPlaylist;
import io.streaminglab.hls.MediaSegment;
import io.streaminglab.hls.PlaylistParser;
import io.streaminglab.ingest.IngestConfig;
import io.streaminglab.ingest.IngestMetrics;
import io.streaminglab.ingest.RtmpIngestServer;
import io.streaminglab.ingest.hub.StreamHub;
import io.streaminglab.rtmp.client.RtmpUrl;
import io.streaminglab.testkit.ExternalTool;
import io.streaminglab.testkit.PeerProcess;
import io.streaminglab.testkit.TestPublisher;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Packagers against a real publisher: ffmpeg publishes to the ingest, packagers that start at
 * different times, restart, or read over RTMP from the ingest write the same segments.
 */
class PackagerEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PackagerMetrics metrics = new PackagerMetrics(registry);
  private StreamHub hub;
  private RtmpIngestServer ingest;

  @BeforeEach
  void startIngestAndPublisher() throws Exception {
    ExternalTool.FFMPEG.require();
    IngestMetrics ingestMetrics = new IngestMetrics(registry);
    hub = new StreamHub(Clock.systemUTC(), ingestMetrics, 16 << 20);
    ingest = new RtmpIngestServer(IngestConfig.defaults().withPort(0), hub, ingestMetrics)
        .start();
    closeables.add(ingest);
  }

  @AfterEach
  void stopAll() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  @Test
  void aPackagerThatStartsLaterWritesTheSameSegmentsByteForByte() throws Exception {
    Path early = dir.resolve("early");
    Path late = dir.resolve("late");
    onHub("early", early);
    closeables.add(TestPublisher.start(url(), 40));
    awaitSegments(early, 2);

    onHub("late", late);
    awaitSegments(late, 3);

    assertSameSegments(early, late, 3);
  }

  @Test
  void aPackagerRestartedMidStreamGoesOnWithTheSameSegments() throws Exception {
    Path steady = dir.resolve("steady");
    Path restarted = dir.resolve("restarted");
    onHub("steady", steady);
    AutoCloseable first = onHub("restarted", restarted);
    closeables.add(TestPublisher.start(url(), 40));
    awaitSegments(restarted, 2);

    first.close();
    long before = playlist(restarted).lastSequence();
    onHub("restarted", restarted);
    await().atMost(WAIT).until(() -> playlist(restarted).lastSequence() >= before + 3);

    assertSameSegments(steady, restarted, 3);
  }

  @Test
  void aPackagerReadingTheIngestOverRtmpWritesTheSameSegmentsAsOneInProcess() throws Exception {
    Path inProcess = dir.resolve("in-process");
    Path remote = dir.resolve("remote");
    onHub("in-process", inProcess);
    overRtmp("remote", remote);
    closeables.add(TestPublisher.start(url(), 40));

    awaitSegments(remote, 3);

    assertSameSegments(inProcess, remote, 3);
  }

  @Test
  void aPackagerReadingOverRtmpKeepsUpWithAStreamOfFifteenMegabitsASecond() throws Exception {
    Path remote = dir.resolve("remote");
    overRtmp("remote", remote);
    closeables.add(TestPublisher.startNoisy(url(), 40));

    // Paced reads that took no more than a receive window each would fall ever further behind
    // such a stream: 12 s of it would take a minute to list.
    awaitSegments(remote, 6);

    List<MediaSegment> listed = playlist(remote).segments();
    MediaSegment newest = listed.get(listed.size() - 1);
    Instant listedAt = Instant.now();
    assertThat(Duration.between(newest.endDateTime(), listedAt))
        .as("how long after its end %s was listed", newest.uri())
        .isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void whenThePublisherReturnsThePlaylistGoesOnAfterADiscontinuity() throws Exception {
    Path out = dir.resolve("out");
    onHub("out", out);
    try (PeerProcess first = TestPublisher.start(url(), 6)) {
      first.awaitExit(WAIT);
    }
    await().atMost(WAIT).until(() -> !hub.isPublishing("mystream"));
    MediaPlaylist stopped = playlist(out);
    closeables.add(TestPublisher.start(url(), 40));

    await().atMost(WAIT).until(() -> playlist(out).segments().stream()
        .filter(segment -> sequenceOf(segment.uri()) > stopped.lastSequence()).count() >= 2);

    // The first segment after the gap is numbered by its clock bucket, as a packager that saw
    // no gap numbers it, and marked as a discontinuity; the next follows it.
    MediaPlaylist resumed = playlist(out);
    long first = resumed.segments().stream().map(MediaSegment::uri)
        .filter(uri -> sequenceOf(uri) > stopped.lastSequence()).mapToLong(uri -> sequenceOf(uri))
        .min().orElseThrow();
    MediaSegment afterGap = resumed.segment(first);
    assertThat(afterGap.discontinuity() || resumed.mediaSequence() == first).isTrue();
    assertThat(first).isEqualTo(afterGap.programDateTime().toEpochMilli() / 2000);
    assertThat(afterGap.uri()).isEqualTo(Segment.fileName(first));
    assertThat(resumed.segment(first + 1).discontinuity()).isFalse();
  }

  private static long sequenceOf(String uri) {
    return Long.parseLong(uri.replaceAll("[^0-9]", ""));
  }

  private AutoCloseable onHub(String name, Path out) throws Exception {
    Packager packager = new Packager(PackagerConfig.of(name, out), metrics, Clock.systemUTC())
        .start();
    var subscription = hub.subscribe("mystream", packager);
    AutoCloseable both = () -> {
      subscription.close();
      packager.close();
    };
    closeables.add(both);
    return both;
  }

  /** A packager that plays the stream from the ingest over RTMP, as the packager command runs. */
  private void overRtmp(String name, Path out) throws Exception {
    Packager packager = new Packager(PackagerConfig.of(name, out), metrics, Clock.systemUTC());
    RtmpSource source = new RtmpSource(RtmpUrl.parse(url()), packager, Clock.systemUTC(),
        Duration.ofMillis(200));
    closeables.add(source);
    // On the thread that reads the play, with paced reads.
    closeables.add(packager.start(source.thread()));
    source.start();
  }

  private void awaitSegments(Path out, int count) {
    await().atMost(WAIT).ignoreExceptions().until(() -> playlist(out).segments().size() >= count);
  }

  private static MediaPlaylist playlist(Path out) throws Exception {
    try {
      return PlaylistParser.parse(Files.readString(out.resolve("index.m3u8")));
    } catch (NoSuchFileException e) {
      return new MediaPlaylist(3, 2, 0, 0, true, false, List.of());
    }
  }

  /** The last {@code count} segments of {@code b} exist in {@code a} with the same everything. */
  private static void assertSameSegments(Path a, Path b, int count) throws Exception {
    MediaPlaylist first = playlist(a);
    MediaPlaylist second = playlist(b);
    long compared = 0;
    for (long n = second.lastSequence() - count + 1; n <= second.lastSequence(); n++) {
      MediaSegment inSecond = second.segment(n);
      MediaSegment inFirst = first.segment(n);
      if (inFirst == null || inSecond == null) {
        continue;
      }
      assertThat(inSecond.uri()).isEqualTo(inFirst.uri());
      assertThat(inSecond.programDateTime()).isEqualTo(inFirst.programDateTime());
      assertThat(inSecond.durationSeconds()).isEqualTo(inFirst.durationSeconds());
      assertThat(Files.readAllBytes(b.resolve(inSecond.uri())))
          .as("bytes of %s", inSecond.uri())
          .isEqualTo(Files.readAllBytes(a.resolve(inFirst.uri())));
      compared++;
    }
    assertThat(compared).as("segments both packagers listed").isGreaterThanOrEqualTo(2);
  }

  private String url() {
    return "rtmp://127.0.0.1:" + ingest.port() + "/mystream";
  }
}
