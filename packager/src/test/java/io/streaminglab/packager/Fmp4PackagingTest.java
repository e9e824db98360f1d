package io.streaminglab.packager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.streaminglab.hls.MediaPlaylist;
import io.streaminglab.hls.PlaylistParser;
import io.streaminglab.ingest.hub.ClockAnchor;
import io.streaminglab.ingest.hub.MediaFrame;
import io.streaminglab.testkit.ExternalTool;
import io.streaminglab.testkit.PeerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Packaging in fragmented MP4: init segments, movie fragments, EXT-X-MAP, and a real decoder. */
class Fmp4PackagingTest {
  private static final long T0 = Instant.parse("2026-12-08T10:00:00.100Z").toEpochMilli();

  @TempDir
  Path dir;

  @Test
  void twoSegmentersWriteTheSameInitSegmentAndFragmentsByteForByte() {
    List<Segment> one = segment(new Segmenter(Duration.ofSeconds(2), SegmentFormat.FMP4));
    List<Segment> two = segment(new Segmenter(Duration.ofSeconds(2), SegmentFormat.FMP4));

    assertThat(one).hasSize(3).hasSameSizeAs(two);
    for (int i = 0; i < one.size(); i++) {
      assertThat(two.get(i).bytes()).isEqualTo(one.get(i).bytes());
      assertThat(two.get(i).init()).isEqualTo(one.get(i).init());
      assertThat(one.get(i).fileName()).isEqualTo("seg-" + one.get(i).sequence() + ".m4s");
    }
    assertThat(one.get(0).init().fileName()).matches("init-[0-9a-f]{16}\\.mp4");
    assertThat(one.get(1).init()).isSameAs(one.get(0).init());
  }

  @Test
  void thePackagersPlaylistNamesItsInitSegmentAndDecodesFrameForFrameInFfmpeg()
      throws Exception {
    String ffmpeg = ExternalTool.FFMPEG.require();
    String ffprobe = ExternalTool.FFPROBE.require();
    Packager packager = new Packager(PackagerConfig.of("fmp4", dir).withFormat(SegmentFormat.FMP4),
        new PackagerMetrics(new PrometheusRegistry()), Clock.systemUTC()).start();
    try {
      packager.onSessionStart(new ClockAnchor(1, T0, 0));
      for (MediaFrame frame : RecordedClip.frames()) {
        packager.onFrame(frame);
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> listed(dir) == 3);
    } finally {
      packager.close();
    }
    String text = Files.readString(dir.resolve(SegmentDirectory.PLAYLIST));
    MediaPlaylist playlist = PlaylistParser.parse(text);
    assertThat(playlist.version()).isEqualTo(7);
    String init = playlist.segments().get(0).mapUri();
    assertThat(init).matches("init-[0-9a-f]{16}\\.mp4");
    assertThat(text).containsOnlyOnce("#EXT-X-MAP:URI=\"" + init + "\"");
    assertThat(dir.resolve(init)).exists();
    // ffmpeg would wait for a live playlist to grow: give it the same segments, ended.
    Path ended = dir.resolve("ended.m3u8");
    Files.writeString(ended, text + "#EXT-X-ENDLIST\n");

    PeerProcess.Result decode = PeerProcess.run(List.of(ffmpeg, "-nostdin", "-v", "error",
        "-i", ended.toString(), "-f", "null", "-"), Duration.ofSeconds(60));
    PeerProcess.Result count = PeerProcess.run(List.of(ffprobe, "-v", "error",
        "-select_streams", "v:0", "-count_frames", "-show_entries",
        "stream=nb_read_frames,codec_name,width,height", "-of", "csv=p=0", ended.toString()),
        Duration.ofSeconds(60));

    assertThat(decode.output()).isEmpty();
    assertThat(decode.exitCode()).isZero();
    // Three GOPs of 60 frames: the clip's keyframes are 2.002 s apart, the fourth starts one
    // that the session's end leaves open.
    assertThat(count.output().lines().filter(line -> !line.isBlank()).distinct())
        .containsExactly("h264,1920,1080,180");
  }

  @Test
  void anInitSegmentGoesWithTheLastSegmentThatNeedsIt() {
    PlaylistWindow window = new PlaylistWindow(3, Duration.ofSeconds(2));
    InitSegment first = InitSegment.of(new byte[] {1});
    InitSegment second = InitSegment.of(new byte[] {2});
    Instant t = Instant.parse("2026-12-08T10:00:00Z");
    window.adoptLeftover(second.fileName(), t);
    for (long n = 1; n <= 3; n++) {
      window.add(fragment(n, first), t);
    }
    for (long n = 4; n <= 6; n++) {
      window.add(fragment(n, second), t);
    }

    List<String> expired = window.expired(t.plusSeconds(60));

    assertThat(expired).containsExactlyInAnyOrder("seg-1.m4s", "seg-2.m4s", "seg-3.m4s",
        first.fileName());
    assertThat(window.playlist().segments()).extracting(s -> s.mapUri())
        .containsOnly(second.fileName());
    assertThat(window.playlist().version()).isEqualTo(7);
  }

  private static Segment fragment(long sequence, InitSegment init) {
    return new Segment(sequence, Instant.EPOCH.plusSeconds(2 * sequence), 2000, false,
        new byte[8], SegmentFormat.FMP4, init);
  }

  private static List<Segment> segment(Segmenter segmenter) {
    List<Segment> out = new ArrayList<>(segmenter.onSessionStart(new ClockAnchor(1, T0, 0)));
    for (MediaFrame frame : RecordedClip.frames()) {
      out.addAll(segmenter.onFrame(frame));
    }
    return out;
  }

  private static int listed(Path dir) throws Exception {
    Path playlist = dir.resolve(SegmentDirectory.PLAYLIST);
    return Files.exists(playlist)
        ? PlaylistParser.parse(Files.readString(playlist)).segments().size() : 0;
  }
}
