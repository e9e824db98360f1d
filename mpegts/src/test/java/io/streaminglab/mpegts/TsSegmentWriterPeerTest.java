package io.streaminglab.mpegts;

import static org.assertj.core.api.Assertions.assertThat;

import io.streaminglab.media.flv.AacAudioSpecificConfig;
import io.streaminglab.media.flv.AudioPacketType;
import io.streaminglab.media.flv.AudioTag;
import io.streaminglab.media.flv.AvcDecoderConfigurationRecord;
import io.streaminglab.media.flv.VideoFrameType;
import io.streaminglab.media.flv.VideoPacketType;
import io.streaminglab.media.flv.VideoTag;
import io.streaminglab.testkit.ExternalTool;
import io.streaminglab.testkit.PeerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segments of real H.264 and AAC from ffmpeg, muxed by {@link TsSegmentWriter} into a two-segment
 * HLS playlist, then read back by ffprobe and ffmpeg.
 */
class TsSegmentWriterPeerTest {
  private static final long WRAP = 1L << 33;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final int SEGMENT_MS = 2_000;
  /** An ordinary start: ten seconds. */
  private static final long OFFSET = 10 * 90_000L;
  /** One second before the 33-bit wrap, so the first segment spans it. */
  private static final long NEAR_WRAP = WRAP - 90_000;

  @TempDir
  static Path work;
  private static List<FlvFile.Tag> tags;

  /** A frame as written to the muxer: "video" or "audio", and its 90 kHz timestamps. */
  record Written(String type, long pts, long dts) {}

  /** One muxed playlist: its segment files, the frames each holds, and the playlist. */
  record Muxed(Path playlist, List<Path> segments, List<List<Written>> frames) {
    long videoFrames() {
      return frames.stream().flatMap(List::stream).filter(f -> f.type().equals("video")).count();
    }
  }

  @BeforeAll
  static void encodeFourSecondsOfTestPatternAndTone() throws IOException {
    String ffmpeg = ExternalTool.FFMPEG.require();
    Path flv = work.resolve("out.flv");
    PeerProcess.Result result = PeerProcess.run(List.of(ffmpeg, "-nostdin", "-v", "error",
        "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine",
        "-t", "4", "-c:v", "libx264", "-g", "50", "-c:a", "aac", "-f", "flv", flv.toString()),
        TIMEOUT);
    assertThat(result.succeeded()).as("ffmpeg made the FLV: %s", result.output()).isTrue();
    tags = FlvFile.read(flv);
  }

  @Test
  void eachSegmentProbesAsH264At320x240AndAacWithoutComplaint() throws IOException {
    String ffprobe = ExternalTool.FFPROBE.require();
    Muxed muxed = mux(work.resolve("probe"), OFFSET);

    for (Path segment : muxed.segments()) {
      PeerProcess.Result quiet = run(ffprobe, "-v", "error", segment.toString());
      assertThat(quiet.output()).as("ffprobe on %s", segment.getFileName()).isEmpty();
      assertThat(quiet.exitCode()).isZero();
      PeerProcess.Result streams = run(ffprobe, "-v", "error", "-show_entries",
          "stream=codec_name,width,height", "-of", "csv=p=0", segment.toString());
      // ffprobe lists the streams under the program and again alone.
      assertThat(streams.output().lines().filter(line -> !line.isBlank()).distinct())
          .containsExactlyInAnyOrder("h264,320,240", "aac");
    }
  }

  @Test
  void thePlaylistDecodesWithoutComplaint() throws IOException {
    String ffmpeg = ExternalTool.FFMPEG.require();
    Muxed muxed = mux(work.resolve("decode"), OFFSET);

    PeerProcess.Result result = run(ffmpeg, "-nostdin", "-v", "error", "-i",
        muxed.playlist().toString(), "-f", "null", "-");

    assertThat(result.output()).isEmpty();
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void thePlaylistDecodesToEveryVideoFrameWritten() throws IOException {
    String ffprobe = ExternalTool.FFPROBE.require();
    Muxed muxed = mux(work.resolve("count"), OFFSET);

    PeerProcess.Result result = run(ffprobe, "-v", "error", "-select_streams", "v:0",
        "-count_frames", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0",
        muxed.playlist().toString());

    assertThat(muxed.videoFrames()).isEqualTo(100);
    // ffprobe lists the stream under the program and again alone.
    assertThat(result.output().lines().filter(line -> !line.isBlank()).distinct())
        .containsExactly(Long.toString(muxed.videoFrames()));
  }

  @Test
  void ffmpegFindsTheContinuityCountersUnbrokenAcrossSegments() throws IOException {
    String ffprobe = ExternalTool.FFPROBE.require();
    Muxed muxed = mux(work.resolve("continuity"), OFFSET);
    Path concatenated = work.resolve("continuity").resolve("all.ts");
    for (Path segment : muxed.segments()) {
      Files.write(concatenated, Files.readAllBytes(segment),
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    for (Path input : List.of(muxed.playlist(), concatenated)) {
      // ffmpeg 5 reports counter breaks at debug level only.
      PeerProcess.Result result = run(ffprobe, "-v", "debug", "-show_packets", input.toString());

      assertThat(result.exitCode()).isZero();
      assertThat(result.output()).as("ffprobe on %s", input.getFileName()).contains("[PACKET]")
          .doesNotContain("Continuity check failed")
          .doesNotContain("PES packet size mismatch")
          .doesNotContain("Non-monotonous DTS")
          .doesNotContain("corrupt");
    }
  }

  @Test
  void probedPacketTimestampsAreTheWrittenOnes() throws IOException {
    assertProbedTimestampsMatch(mux(work.resolve("timestamps"), OFFSET));
  }

  @Test
  void aPlaylistSpanningThe33BitWrapDecodesCleanlyWithTheWrittenTimestamps() throws IOException {
    String ffmpeg = ExternalTool.FFMPEG.require();
    Muxed muxed = mux(work.resolve("wrap"), NEAR_WRAP);
    List<Written> first = muxed.frames().get(0);
    assertThat(first.get(0).dts()).isLessThan(WRAP);
    assertThat(first.get(first.size() - 1).dts()).as("the first segment spans the wrap")
        .isGreaterThan(WRAP);

    PeerProcess.Result decode = run(ffmpeg, "-nostdin", "-v", "error", "-i",
        muxed.playlist().toString(), "-f", "null", "-");

    assertThat(decode.output()).isEmpty();
    assertThat(decode.exitCode()).isZero();
    assertProbedTimestampsMatch(muxed);
  }

  /** ffprobe's packets equal the written frames modulo 2^33; AAC frames within 1 ms. */
  private static void assertProbedTimestampsMatch(Muxed muxed) {
    String ffprobe = ExternalTool.FFPROBE.require();
    for (int s = 0; s < muxed.segments().size(); s++) {
      PeerProcess.Result result = run(ffprobe, "-v", "error", "-show_entries",
          "packet=codec_type,pts,dts", "-of", "csv=p=0", muxed.segments().get(s).toString());
      assertThat(result.exitCode()).isZero();
      List<long[]> video = new ArrayList<>();
      List<long[]> audio = new ArrayList<>();
      // Lines are codec_type,pts,dts with a trailing field (and a blank line) for side data.
      for (String line : result.output().lines().filter(line -> !line.isBlank()).toList()) {
        String[] fields = line.split(",");
        long[] times = {Long.parseLong(fields[1]), Long.parseLong(fields[2])};
        (fields[0].equals("video") ? video : audio).add(times);
      }
      List<Written> written = muxed.frames().get(s);
      List<Written> writtenVideo = written.stream().filter(f -> f.type().equals("video")).toList();
      List<Written> writtenAudio = written.stream().filter(f -> f.type().equals("audio")).toList();
      assertThat(video).hasSameSizeAs(writtenVideo);
      for (int i = 0; i < video.size(); i++) {
        assertThat(Math.floorMod(video.get(i)[0], WRAP)).as("video %d pts in segment %d", i, s)
            .isEqualTo(Math.floorMod(writtenVideo.get(i).pts(), WRAP));
        assertThat(Math.floorMod(video.get(i)[1], WRAP)).as("video %d dts in segment %d", i, s)
            .isEqualTo(Math.floorMod(writtenVideo.get(i).dts(), WRAP));
      }
      assertThat(audio).hasSameSizeAs(writtenAudio);
      assertThat(Math.floorMod(audio.get(0)[0], WRAP))
          .isEqualTo(Math.floorMod(writtenAudio.get(0).pts(), WRAP));
      for (int i = 0; i < audio.size(); i++) {
        long difference = Math.floorMod(audio.get(i)[0] - writtenAudio.get(i).pts(), WRAP);
        assertThat(Math.min(difference, WRAP - difference)).as("audio %d in segment %d", i, s)
            .isLessThanOrEqualTo(90);
      }
    }
  }

  /**
   * Muxes the FLV into segments of about two seconds cut at keyframes, with timestamps of
   * FLV milliseconds times 90 plus {@code offset90k}, and writes them with a playlist.
   */
  private static Muxed mux(Path dir, long offset90k) throws IOException {
    Files.createDirectories(dir);
    AvcDecoderConfigurationRecord avc = null;
    AacAudioSpecificConfig aac = null;
    List<byte[]> segments = new ArrayList<>();
    List<List<Written>> frames = new ArrayList<>();
    TsSegmentWriter writer = null;
    for (FlvFile.Tag tag : tags) {
      byte[] body = tag.body();
      if (tag.type() == FlvFile.VIDEO) {
        VideoTag video = VideoTag.parse(body);
        int payload = video.payloadOffset();
        if (video.packetType() == VideoPacketType.SEQUENCE_START) {
          avc = AvcDecoderConfigurationRecord.parse(body, payload, body.length - payload);
          continue;
        }
        if (video.packetType() != VideoPacketType.CODED_FRAMES) {
          continue;
        }
        boolean keyframe = video.frameType() == VideoFrameType.KEY_FRAME;
        if (keyframe && (writer == null || tag.timestampMs() >= SEGMENT_MS * segments.size()
            + SEGMENT_MS)) {
          if (writer != null) {
            segments.add(writer.finish());
          }
          writer = new TsSegmentWriter(TsStreams.of(avc, aac));
          frames.add(new ArrayList<>());
        }
        if (writer == null) {
          continue;
        }
        long dts = tag.timestampMs() * 90L + offset90k;
        long pts = (tag.timestampMs() + video.compositionTimeOffset()) * 90L + offset90k;
        writer.writeVideo(dts, pts, keyframe, body, payload, body.length - payload);
        frames.get(frames.size() - 1).add(new Written("video", pts, dts));
      } else if (tag.type() == FlvFile.AUDIO) {
        AudioTag audio = AudioTag.parse(body);
        int payload = audio.payloadOffset();
        if (audio.packetType() == AudioPacketType.SEQUENCE_START) {
          aac = AacAudioSpecificConfig.parse(body, payload, body.length - payload);
          continue;
        }
        if (audio.packetType() != AudioPacketType.CODED_FRAMES || writer == null) {
          continue;
        }
        long pts = tag.timestampMs() * 90L + offset90k;
        writer.writeAudio(pts, body, payload, body.length - payload);
        frames.get(frames.size() - 1).add(new Written("audio", pts, pts));
      }
    }
    segments.add(writer.finish());
    return writePlaylist(dir, segments, frames);
  }

  private static Muxed writePlaylist(Path dir, List<byte[]> segments, List<List<Written>> frames)
      throws IOException {
    StringBuilder playlist = new StringBuilder(
        "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n");
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < segments.size(); i++) {
      Path file = dir.resolve("segment" + i + ".ts");
      Files.write(file, segments.get(i));
      files.add(file);
      long start = firstVideoDts(frames.get(i));
      long end = i + 1 < segments.size() ? firstVideoDts(frames.get(i + 1))
          : lastVideoDts(frames.get(i)) + 3_600;
      playlist.append(String.format(Locale.ROOT, "#EXTINF:%.3f,%n", (end - start) / 90_000.0))
          .append(file.getFileName()).append('\n');
    }
    playlist.append("#EXT-X-ENDLIST\n");
    Path index = dir.resolve("index.m3u8");
    Files.writeString(index, playlist);
    assertThat(segments).hasSize(2);
    return new Muxed(index, files, frames);
  }

  private static long firstVideoDts(List<Written> frames) {
    return frames.stream().filter(f -> f.type().equals("video")).findFirst().orElseThrow().dts();
  }

  private static long lastVideoDts(List<Written> frames) {
    return frames.stream().filter(f -> f.type().equals("video")).reduce((a, b) -> b)
        .orElseThrow().dts();
  }

  private static PeerProcess.Result run(String... command) {
    PeerProcess.Result result = PeerProcess.run(List.of(command), TIMEOUT);
    assertThat(result.timedOut()).as("%s timed out", command[0]).isFalse();
    return result;
  }
}
