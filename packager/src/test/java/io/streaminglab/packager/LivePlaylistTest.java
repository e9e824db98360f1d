package io.streaminglab.packager;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.streaminglab.hls.MultivariantParser;
import io.streaminglab.hls.MultivariantPlaylist;
import io.streaminglab.hls.PlaylistParser;
import io.streaminglab.hls.VariantStream;
import io.streaminglab.ingest.hub.ClockAnchor;
import io.streaminglab.ingest.hub.MediaFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live.m3u8 a packager writes beside index.m3u8, with the frames handed over on the
 * packagers' shared thread so that each call has been packaged when it returns.
 */
class LivePlaylistTest {
  private static final ClockAnchor ANCHOR = TestStream.anchor(1, 1_000_000);

  @TempDir
  Path dir;

  private final ScheduledExecutorService shared = Executors.newSingleThreadScheduledExecutor();
  private final List<Packager> packagers = new ArrayList<>();

  @AfterEach
  void stop() {
    packagers.forEach(Packager::close);
    shared.shutdownNow();
  }

  @Test
  void namesIndexM3u8AsItsOneVariantOnceASegmentIsListed() throws Exception {
    Packager packager = packager("primary");
    onShared(() -> {
      join(packager);
      feed(packager, TestStream.frames(0, 4_040, 2_000));
    });

    MultivariantPlaylist live = MultivariantParser.parse(read("primary", "live.m3u8"));
    assertThat(live.independentSegments()).isTrue();
    assertThat(live.steering()).isNull();
    assertThat(live.variants()).hasSize(1);
    VariantStream variant = live.variants().get(0);
    assertThat(variant.uri()).isEqualTo("index.m3u8");
    assertThat(variant.codecs()).isEqualTo("avc1.64001f,mp4a.40.2");
    assertThat(variant.frameRate()).isEqualTo(25.0);
    assertThat(variant.bandwidth()).isPositive();
    assertThat(PlaylistParser.parse(read("primary", "index.m3u8")).segments()).hasSize(2);
  }

  @Test
  void writesNothingBeforeTheFirstSegment() throws Exception {
    Packager packager = packager("primary");
    onShared(() -> {
      join(packager);
      feed(packager, TestStream.frames(0, 1_000, 2_000));
    });

    assertThat(dir.resolve("primary").resolve("live.m3u8")).doesNotExist();
  }

  @Test
  void aPackagerThatJoinsLaterWritesTheSameBytesOnceItListsTheSameWindow() throws Exception {
    Packager early = packager("primary");
    Packager late = packager("backup");
    List<MediaFrame> stream = varyingStream(0, 24_040);
    onShared(() -> {
      join(early);
      for (MediaFrame frame : stream) {
        if (frame.timestamp() == 8_000 && frame.kind() == MediaFrame.Kind.VIDEO) {
          // As the hub does for a late reader: the session, its configurations, then frames.
          join(late);
        }
        early.onFrame(frame);
        if (frame.timestamp() >= 8_000) {
          late.onFrame(frame);
        }
      }
    });

    assertThat(read("backup", "index.m3u8")).isEqualTo(read("primary", "index.m3u8"));
    assertThat(read("backup", "live.m3u8")).isEqualTo(read("primary", "live.m3u8"));
  }

  @Test
  void whatLiveM3u8SaysDependsOnTheWindowNotOnSegmentsThatLeftIt() throws Exception {
    Packager packager = packager("primary");
    List<MediaFrame> stream = varyingStream(0, 24_040);
    onShared(() -> {
      join(packager);
      feed(packager, stream.subList(0, indexOf(stream, 12_040)));
    });
    String whileTheBigSegmentIsListed = read("primary", "live.m3u8");
    onShared(() -> feed(packager, stream.subList(indexOf(stream, 12_040), stream.size())));

    // Segment 500 (the first) is the largest; once it left, the peak is another's.
    assertThat(peak(read("primary", "live.m3u8"))).isLessThan(peak(whileTheBigSegmentIsListed));
  }

  @Test
  void isRewrittenOnlyWhenItsBytesChange() throws Exception {
    Packager packager = packager("primary");
    onShared(() -> {
      join(packager);
      feed(packager, TestStream.frames(0, 4_040, 2_000));
    });
    Path live = dir.resolve("primary").resolve("live.m3u8");
    Object file = Files.readAttributes(live, BasicFileAttributes.class).fileKey();
    String text = Files.readString(live);

    // Same-sized segments: every later window is described alike.
    onShared(() -> feed(packager, TestStream.frames(4_040, 16_040, 2_000)));

    assertThat(PlaylistParser.parse(read("primary", "index.m3u8")).mediaSequence())
        .isGreaterThan(500);
    assertThat(Files.readString(live)).isEqualTo(text);
    assertThat(Files.readAttributes(live, BasicFileAttributes.class).fileKey())
        .as("the same file, not a rename of a new one").isEqualTo(file);
  }

  private Packager packager(String name) throws Exception {
    Packager packager = new Packager(PackagerConfig.of(name, dir.resolve(name)),
        new PackagerMetrics(new PrometheusRegistry()), Clock.systemUTC()).start(shared);
    packagers.add(packager);
    return packager;
  }

  private static void join(Packager packager) {
    packager.onSessionStart(ANCHOR);
    packager.onFrame(TestStream.videoConfig());
    packager.onFrame(TestStream.audioConfig());
  }

  private static void feed(Packager packager, List<MediaFrame> frames) {
    frames.forEach(packager::onFrame);
  }

  private void onShared(ThrowingRunnable work) throws Exception {
    shared.submit(() -> {
      work.run();
      return null;
    }).get(10, TimeUnit.SECONDS);
  }

  private String read(String packager, String file) throws Exception {
    return Files.readString(dir.resolve(packager).resolve(file));
  }

  private static long peak(String live) throws Exception {
    return MultivariantParser.parse(live).variants().get(0).bandwidth();
  }

  private static int indexOf(List<MediaFrame> frames, long timestamp) {
    for (int i = 0; i < frames.size(); i++) {
      if (frames.get(i).timestamp() >= timestamp) {
        return i;
      }
    }
    return frames.size();
  }

  /**
   * {@link TestStream}'s frames, but video frames whose size varies with time, the first
   * segment's most, so that segments differ in bit rate.
   */
  private static List<MediaFrame> varyingStream(long from, long to) {
    List<MediaFrame> frames = new ArrayList<>();
    for (MediaFrame frame : TestStream.frames(from, to, 2_000)) {
      if (frame.kind() != MediaFrame.Kind.VIDEO) {
        frames.add(frame);
        continue;
      }
      long t = frame.timestamp();
      int nalSize = (int) (t < 2_000 ? 4_000 : 200 + (t * 7919) % 1_500);
      byte[] body = new byte[9 + nalSize];
      body[0] = (byte) (frame.keyframe() ? 0x17 : 0x27);
      body[1] = 1;
      body[5] = (byte) (nalSize >>> 24);
      body[6] = (byte) (nalSize >>> 16);
      body[7] = (byte) (nalSize >>> 8);
      body[8] = (byte) nalSize;
      body[9] = (byte) (frame.keyframe() ? 0x65 : 0x41);
      for (int i = 10; i < body.length; i++) {
        body[i] = (byte) (1 + (t + i) % 250);
      }
      frames.add(new MediaFrame(MediaFrame.Kind.VIDEO, t, t, 0, frame.keyframe(), false, body));
    }
    return frames;
  }

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws Exception;
  }
}
