package io.streaminglab.packager;

import static org.assertj.core.api.Assertions.assertThat;

import io.streaminglab.hls.MultivariantWriter;
import io.streaminglab.hls.VariantStream;
import io.streaminglab.ingest.hub.MediaFrame;
import io.streaminglab.media.flv.AacAudioSpecificConfig;
import io.streaminglab.media.flv.AvcDecoderConfigurationRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What live.m3u8 says about a window of segments. */
class LiveVariantTest {
  private static final long WALL_CLOCK = 1_000_000;

  /** The recorded clip through a real segmenter and a profiler, as a packager runs them. */
  private static List<SegmentProfile> recordedClipProfiles(List<Segment> segmentsOut) {
    Segmenter segmenter = new Segmenter(Duration.ofSeconds(2));
    SegmentProfiler profiler = new SegmentProfiler();
    List<SegmentProfile> profiles = new ArrayList<>();
    List<Segment> first = segmenter.onSessionStart(TestStream.anchor(1, WALL_CLOCK));
    profiles.addAll(profiler.describe(first));
    profiler.onSessionStart(TestStream.anchor(1, WALL_CLOCK));
    for (MediaFrame frame : RecordedClip.frames()) {
      List<Segment> finished = segmenter.onFrame(frame);
      segmentsOut.addAll(finished);
      profiles.addAll(profiler.describe(finished));
      profiler.onFrame(frame);
    }
    return profiles;
  }

  @Test
  void describesARealH264AndAacStreamFromItsConfigurationsAndTimestamps() {
    List<Segment> segments = new ArrayList<>();
    List<SegmentProfile> profiles = recordedClipProfiles(segments);

    assertThat(profiles).hasSize(3);
    VariantStream variant = LiveVariant.playlist(profiles).variants().get(0);
    assertThat(variant.uri()).isEqualTo("index.m3u8");
    // High (0x64), no constraint flags, level 4.0 (0x28); AAC-LC is object type 2.
    assertThat(variant.codecs()).isEqualTo("avc1.640028,mp4a.40.2");
    // 68 macroblock rows are 1088 lines; the SPS crops 8 of them.
    assertThat(variant.resolution()).isEqualTo("1920x1080");
    assertThat(variant.frameRate()).isCloseTo(29.970, org.assertj.core.data.Offset.offset(5e-4));
    assertThat(profiles).extracting(SegmentProfile::durationMillis)
        .containsExactly(2002L, 2002L, 2002L);
  }

  @Test
  void peakBandwidthIsTheFastestSegmentAndAverageIsAllBitsOverAllTimeBothRoundedUp() {
    List<Segment> segments = new ArrayList<>();
    List<SegmentProfile> profiles = recordedClipProfiles(segments);

    long peak = 0;
    for (Segment segment : segments) {
      peak = Math.max(peak, (segment.bytes().length * 8000L + 2001) / 2002);
    }
    long total = segments.stream().mapToLong(s -> s.bytes().length).sum();
    VariantStream variant = LiveVariant.playlist(profiles).variants().get(0);
    assertThat(variant.bandwidth()).isEqualTo(peak);
    assertThat(variant.averageBandwidth()).isEqualTo((total * 8000 + 6005) / 6006);
    assertThat(variant.averageBandwidth()).isLessThanOrEqualTo(variant.bandwidth());
  }

  @Test
  void bitRatesAreRoundedUpToWholeBitsPerSecond() {
    List<SegmentProfile> window = List.of(profile(1, 250_000, 2000), profile(2, 250_001, 2000),
        profile(3, 100_000, 1000));

    // 250 001 bytes in 2 s are 1 000 004 bit/s; 600 001 bytes in 5 s are 960 001.6 bit/s.
    assertThat(LiveVariant.peakBitRate(window)).isEqualTo(1_000_004);
    assertThat(LiveVariant.averageBitRate(window)).isEqualTo(960_002);
  }

  @Test
  void aSegmentWithoutDurationCountsForNeitherBitRate() {
    List<SegmentProfile> window = List.of(profile(1, 250_000, 2000), profile(2, 9_999, 0));

    assertThat(LiveVariant.peakBitRate(window)).isEqualTo(1_000_000);
    assertThat(LiveVariant.averageBitRate(window)).isEqualTo(1_000_000);
    assertThat(LiveVariant.averageBitRate(List.of(profile(2, 9_999, 0)))).isEqualTo(-1);
  }

  @Test
  void aStreamWithoutAudioNamesOnlyItsVideoCodec() {
    SegmentProfile silent = new SegmentProfile(1, 1000, 2000, realVideoConfig(), null,
        List.of());

    assertThat(LiveVariant.codecs(silent)).isEqualTo("avc1.640028");
  }

  @Test
  void hEAacSignalledExplicitlyIsNamedAsHeAac() {
    SegmentProfile he = new SegmentProfile(1, 1000, 2000, realVideoConfig(),
        new AacAudioSpecificConfig(2, 6, 24_000, 2, 5), List.of());

    assertThat(LiveVariant.codecs(he)).isEqualTo("avc1.640028,mp4a.40.5");
  }

  @Test
  void anSpsThatDoesNotParseLeavesResolutionOut() {
    // The synthetic stream's SPS stops after its level byte.
    AvcDecoderConfigurationRecord truncated = AvcDecoderConfigurationRecord.parse(
        TestStream.AVC_CONFIG, 5, TestStream.AVC_CONFIG.length - 5);

    assertThat(LiveVariant.resolution(truncated)).isNull();
    assertThat(LiveVariant.resolution(null)).isNull();
  }

  @Test
  void frameRateAveragesTheIntervalsWithinAMillisecondOfTheMedian() {
    // 30 fps in whole milliseconds, with one late frame and one dropped.
    List<Integer> intervals = new ArrayList<>(Collections.nCopies(20, 33));
    intervals.addAll(Collections.nCopies(10, 34));
    intervals.add(120);
    intervals.add(67);
    SegmentProfile segment = new SegmentProfile(1, 1, 1000, null, null, intervals);

    assertThat(LiveVariant.frameRate(List.of(segment))).isEqualTo(30.0);
    assertThat(LiveVariant.frameRate(List.of(profile(1, 1, 1000)))).isNull();
  }

  @Test
  void theFileNamesIndexM3u8WithAttributesInAFixedOrder() {
    List<Segment> segments = new ArrayList<>();
    VariantStream variant = LiveVariant.playlist(recordedClipProfiles(segments))
        .variants().get(0);

    assertThat(MultivariantWriter.write(LiveVariant.playlist(recordedClipProfiles(
        new ArrayList<>())))).isEqualTo("#EXTM3U\n"
        + "#EXT-X-VERSION:3\n"
        + "#EXT-X-INDEPENDENT-SEGMENTS\n"
        + "#EXT-X-STREAM-INF:BANDWIDTH=" + variant.bandwidth() + ",AVERAGE-BANDWIDTH="
        + variant.averageBandwidth() + ",RESOLUTION=1920x1080,FRAME-RATE=29.970,"
        + "CODECS=\"avc1.640028,mp4a.40.2\"\n"
        + "index.m3u8\n");
    assertThat(LiveVariant.playlist(List.of())).isNull();
  }

  private static AvcDecoderConfigurationRecord realVideoConfig() {
    for (MediaFrame frame : RecordedClip.frames()) {
      if (frame.kind() == MediaFrame.Kind.VIDEO && frame.sequenceHeader()) {
        return AvcDecoderConfigurationRecord.parse(frame.body(), 5, frame.body().length - 5);
      }
    }
    throw new AssertionError("the clip has no AVC sequence header");
  }

  private static SegmentProfile profile(long sequence, long bytes, long millis) {
    return new SegmentProfile(sequence, bytes, millis, null, null, List.of());
  }
}
