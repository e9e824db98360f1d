package io.streaminglab.fmp4;

import static org.assertj.core.api.Assertions.assertThat;

import io.streaminglab.media.flv.AudioPacketType;
import io.streaminglab.media.flv.AudioTag;
import io.streaminglab.media.flv.FlvFileReader;
import io.streaminglab.media.flv.FlvFileTag;
import io.streaminglab.media.flv.VideoFrameType;
import io.streaminglab.media.flv.VideoPacketType;
import io.streaminglab.media.flv.VideoTag;
import io.streaminglab.testkit.ExternalTool;
import io.streaminglab.testkit.PeerProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * H.264 and AAC from ffmpeg, muxed by {@link Fmp4InitSegment} and {@link Fmp4FragmentWriter}
 * into an init segment and two-second fragments under an HLS playlist, then read back by
 * ffprobe and ffmpeg.
 */
class Fmp4PeerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final int SEGMENT_MS = 2_000;
  /** Times as a packager gives them: milliseconds since the epoch, times 90. */
  private static final long EPOCH_OFFSET_90K = 1_796_000_000_000L * 90;

  @TempDir
  static Path work;
  private static List<FlvFileTag> tags;

  /** A frame as written to the muxer: "video" or "audio", its 90 kHz times, whether a key. */
  record Written(String type, long pts, long dts, boolean keyframe) {}

  /** One muxed stream: the init segment, the fragments, the frames of each, the playlist. */
  record Muxed(Path playlist, byte[] init, List<byte[]> fragments, List<List<Written>> frames,
      int audioTimescale) {
    List<Written> all(String type) {
      return frames.stream().flatMap(List::stream).filter(f -> f.type().equals(type)).toList();
    }
  }

  @BeforeAll
  static void encodeFourSecondsOfTestPatternAndTone() throws IOException {
    String ffmpeg = ExternalTool.FFMPEG.require();
    Path flv = work.resolve("in.flv");
    PeerProcess.Result result = PeerProcess.run(List.of(ffmpeg, "-nostdin", "-v", "error",
        "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine",
        "-t", "4", "-c:v", "libx264", "-g", "50", "-bf", "2", "-c:a", "aac", "-f", "flv",
        flv.toString()), TIMEOUT);
    assertThat(result.succeeded()).as("ffmpeg made the FLV: %s", result.output()).isTrue();
    tags = FlvFileReader.read(Files.readAllBytes(flv));
  }

  @Test
  void theInitSegmentAndEachFragmentProbeAsH264At320x240AndAacWithoutComplaint()
      throws IOException {
    String ffprobe = ExternalTool.FFPROBE.require();
    Muxed muxed = mux(work.resolve("probe"), EPOCH_OFFSET_90K);

    for (int i = 0; i < muxed.fragments().size(); i++) {
      Path file = write(work.resolve("probe").resolve("alone" + i + ".mp4"),
          List.of(muxed.init(), muxed.fragments().get(i)));
      PeerProcess.Result quiet = run(ffprobe, "-v", "error", file.toString());
      assertThat(quiet.output()).as("ffprobe on fragment %d", i).isEmpty();
      assertThat(quiet.exitCode()).isZero();
      PeerProcess.Result streams = run(ffprobe, "-v", "error", "-show_entries",
          "stream=codec_name,width,height", "-of", "csv=p=0", file.toString());
      assertThat(streams.output().lines().filter(line -> !line.isBlank()))
          .containsExactlyInAnyOrder("h264,320,240", "aac");
    }
  }

  @Test
  void thePlaylistDecodesToEveryVideoFrameWithoutComplaint() throws IOException {
    String ffmpeg = ExternalTool.FFMPEG.require();
    String ffprobe = ExternalTool.FFPROBE.require();
    Muxed muxed = mux(work.resolve("decode"), EPOCH_OFFSET_90K);

    PeerProcess.Result decode = run(ffmpeg, "-nostdin", "-v", "error", "-i",
        muxed.playlist().toString(), "-f", "null", "-");
    PeerProcess.Result count = run(ffprobe, "-v", "error", "-select_streams", "v:0",
        "-count_frames", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0",
        muxed.playlist().toString());

    assertThat(decode.output()).isEmpty();
    assertThat(decode.exitCode()).isZero();
    assertThat(muxed.all("video")).hasSize(100);
    assertThat(count.output().lines().filter(line -> !line.isBlank()).distinct())
        .containsExactly("100");
  }

  @Test
  void probedPacketTimesAreTheWrittenOnes() throws IOException {
    String ffprobe = ExternalTool.FFPROBE.require();
    Muxed muxed = mux(work.resolve("times"), EPOCH_OFFSET_90K);
    List<byte[]> parts = new ArrayList<>(List.of(muxed.init()));
    parts.addAll(muxed.fragments());
    Path whole = write(work.resolve("times").resolve("whole.mp4"), parts);

    PeerProcess.Result result = run(ffprobe, "-v", "error", "-show_entries",
        "packet=codec_type,pts,dts,flags", "-of", "csv=p=0", whole.toString());

    assertThat(result.exitCode()).isZero();
    List<String[]> video = new ArrayList<>();
    List<String[]> audio = new ArrayList<>();
    for (String line : result.output().lines().filter(line -> !line.isBlank()).toList()) {
      String[] fields = line.split(",");
      (fields[0].equals("video") ? video : audio).add(fields);
    }
    List<Written> writtenVideo = muxed.all("video");
    assertThat(video).hasSameSizeAs(writtenVideo);
    for (int i = 0; i < video.size(); i++) {
      assertThat(Long.parseLong(video.get(i)[1])).as("video %d pts", i)
          .isEqualTo(writtenVideo.get(i).pts());
      assertThat(Long.parseLong(video.get(i)[2])).as("video %d dts", i)
          .isEqualTo(writtenVideo.get(i).dts());
      assertThat(video.get(i)[3].startsWith("K")).as("video %d is a keyframe", i)
          .isEqualTo(writtenVideo.get(i).keyframe());
    }
    List<Written> writtenAudio = muxed.all("audio");
    assertThat(audio).hasSameSizeAs(writtenAudio);
    long rate = muxed.audioTimescale();
    for (int s = 0, first = 0; s < muxed.frames().size(); s++) {
      // Each fragment starts at its first frame's time; within it, frames are 1024 apart.
      List<Written> fragmentAudio = muxed.frames().get(s).stream()
          .filter(f -> f.type().equals("audio")).toList();
      long start = inRate(fragmentAudio.get(0).pts(), rate);
      for (int i = 0; i < fragmentAudio.size(); i++) {
        assertThat(Long.parseLong(audio.get(first + i)[1])).as("audio %d of fragment %d", i, s)
            .isEqualTo(start + 1024L * i);
        long writtenInRate = inRate(fragmentAudio.get(i).pts(), rate);
        assertThat(Math.abs(start + 1024L * i - writtenInRate)).as("drift of audio %d", i)
            .isLessThanOrEqualTo(rate / 1000 + 1);
      }
      first += fragmentAudio.size();
    }
  }

  @Test
  void theSameFramesGiveTheSameBytes() throws IOException {
    Muxed one = mux(work.resolve("one"), EPOCH_OFFSET_90K);
    Muxed two = mux(work.resolve("two"), EPOCH_OFFSET_90K);

    assertThat(two.init()).isEqualTo(one.init());
    assertThat(two.fragments()).hasSameSizeAs(one.fragments());
    for (int i = 0; i < one.fragments().size(); i++) {
      assertThat(two.fragments().get(i)).as("fragment %d", i).isEqualTo(one.fragments().get(i));
    }
  }

  /**
   * Muxes the FLV into fragments of about two seconds cut at keyframes, with timestamps of FLV
   * milliseconds times 90 plus {@code offset90k}, and writes them with a playlist.
   */
  private static Muxed mux(Path dir, long offset90k) throws IOException {
    Files.createDirectories(dir);
    byte[] avcConfiguration = null;
    byte[] audioConfig = null;
    Fmp4Tracks tracks = null;
    List<byte[]> fragments = new ArrayList<>();
    List<List<Written>> frames = new ArrayList<>();
    Fmp4FragmentWriter writer = null;
    long lastDts = 0;
    for (FlvFileTag tag : tags) {
      byte[] body = tag.body();
      if (tag.type() == FlvFileTag.VIDEO) {
        VideoTag video = VideoTag.parse(body);
        int payload = video.payloadOffset();
        if (video.packetType() == VideoPacketType.SEQUENCE_START) {
          avcConfiguration = Arrays.copyOfRange(body, payload, body.length);
          continue;
        }
        if (video.packetType() != VideoPacketType.CODED_FRAMES) {
          continue;
        }
        boolean keyframe = video.frameType() == VideoFrameType.KEY_FRAME;
        long dts = tag.timestamp() * 90L + offset90k;
        long pts = (tag.timestamp() + video.compositionTimeOffset()) * 90L + offset90k;
        if (keyframe && (writer == null
            || tag.timestamp() >= (long) SEGMENT_MS * (fragments.size() + 1))) {
          if (writer != null) {
            fragments.add(writer.finish(fragments.size() + 1, dts));
          }
          tracks = Fmp4Tracks.of(avcConfiguration, audioConfig);
          writer = new Fmp4FragmentWriter(tracks);
          frames.add(new ArrayList<>());
        }
        if (writer == null) {
          continue;
        }
        writer.writeVideo(dts, pts, keyframe, body, payload, body.length - payload);
        frames.get(frames.size() - 1).add(new Written("video", pts, dts, keyframe));
        lastDts = dts;
      } else if (tag.type() == FlvFileTag.AUDIO) {
        AudioTag audio = AudioTag.parse(body);
        int payload = audio.payloadOffset();
        if (audio.packetType() == AudioPacketType.SEQUENCE_START) {
          audioConfig = Arrays.copyOfRange(body, payload, body.length);
          continue;
        }
        if (audio.packetType() != AudioPacketType.CODED_FRAMES || writer == null) {
          continue;
        }
        long pts = tag.timestamp() * 90L + offset90k;
        writer.writeAudio(pts, body, payload, body.length - payload);
        frames.get(frames.size() - 1).add(new Written("audio", pts, pts, true));
      }
    }
    fragments.add(writer.finish(fragments.size() + 1, lastDts + 3_600));
    byte[] init = Fmp4InitSegment.write(tracks);
    return writePlaylist(dir, init, fragments, frames, tracks.audioTimescale());
  }

  private static Muxed writePlaylist(Path dir, byte[] init, List<byte[]> fragments,
      List<List<Written>> frames, int audioTimescale) throws IOException {
    Files.write(dir.resolve("init.mp4"), init);
    StringBuilder playlist = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n"
        + "#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-MAP:URI=\"init.mp4\"\n");
    for (int i = 0; i < fragments.size(); i++) {
      Files.write(dir.resolve("segment" + i + ".m4s"), fragments.get(i));
      long start = frames.get(i).get(0).dts();
      long end = i + 1 < fragments.size() ? frames.get(i + 1).get(0).dts()
          : start + SEGMENT_MS * 90L;
      playlist.append(String.format(Locale.ROOT, "#EXTINF:%.3f,%n", (end - start) / 90_000.0))
          .append("segment").append(i).append(".m4s\n");
    }
    playlist.append("#EXT-X-ENDLIST\n");
    Path file = dir.resolve("index.m3u8");
    Files.writeString(file, playlist);
    return new Muxed(file, init, fragments, frames, audioTimescale);
  }

  private static Path write(Path file, List<byte[]> parts) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.write(part);
    }
    Files.write(file, out.toByteArray());
    return file;
  }

  /** 90 kHz to {@code rate}, as the muxer converts, without overflow for epoch times. */
  private static long inRate(long time90k, long rate) {
    return time90k / 90_000 * rate + time90k % 90_000 * rate / 90_000;
  }

  private static PeerProcess.Result run(String... command) {
    return PeerProcess.run(List.of(command), TIMEOUT);
  }
}
