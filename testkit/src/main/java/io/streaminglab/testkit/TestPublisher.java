package io.streaminglab.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * ffmpeg publishing a synthetic live stream over RTMP, as a real publisher would: H.264 with a
 * keyframe every 2 s and AAC, at real-time speed.
 */
public final class TestPublisher {
  private TestPublisher() {}

  /** The command that publishes {@code seconds} of test pattern and tone to {@code url}. */
  public static List<String> command(String url, int seconds) {
    return command(url, seconds, "testsrc2=size=320x240:rate=25", "veryfast");
  }

  /** Starts publishing; close the returned process to stop. */
  public static PeerProcess start(String url, int seconds) {
    return PeerProcess.start(command(url, seconds));
  }

  /**
   * The command that publishes {@code seconds} of a test pattern under moving noise: some 15
   * Mbit/s of video, as many bytes as a high-quality 1080p stream, for little encoding work.
   */
  public static List<String> noisyCommand(String url, int seconds) {
    return command(url, seconds, "testsrc2=size=640x360:rate=25,noise=alls=12:allf=t",
        "ultrafast", "-qp", "24");
  }

  /** Starts publishing the noisy pattern; close the returned process to stop. */
  public static PeerProcess startNoisy(String url, int seconds) {
    return PeerProcess.start(noisyCommand(url, seconds));
  }

  /**
   * The command that publishes {@code seconds} of test pattern and tone to every URL of {@code
   * urls} from one encode (the tee muxer), with the publisher's clock in its metadata, as the
   * README tells users to feed two ingests; an ingest that goes away does not stop the others.
   */
  public static List<String> redundantCommand(List<String> urls, int seconds) {
    List<String> command = encode(seconds, "testsrc2=size=320x240:rate=25", "veryfast");
    StringBuilder outputs = new StringBuilder();
    for (String url : urls) {
      outputs.append(outputs.isEmpty() ? "" : "|").append("[f=flv:onfail=ignore]").append(url);
    }
    // The tee muxer sends an empty AVC sequence header unless the encoder writes extradata.
    command.addAll(List.of("-flags:v", "+global_header",
        "-metadata", "wallclock_at_zero_ms=" + System.currentTimeMillis(),
        "-map", "0:v", "-map", "1:a", "-f", "tee", outputs.toString()));
    return List.copyOf(command);
  }

  /** Starts publishing to every URL of {@code urls}; close the returned process to stop. */
  public static PeerProcess startRedundant(List<String> urls, int seconds) {
    return PeerProcess.start(redundantCommand(urls, seconds));
  }

  /** {@code video} (a lavfi graph) and a tone, x264 at {@code preset} and any rate control. */
  private static List<String> command(String url, int seconds, String video, String preset,
      String... rateControl) {
    List<String> command = encode(seconds, video, preset, rateControl);
    command.addAll(List.of("-f", "flv", url));
    return List.copyOf(command);
  }

  /** The encoding part of a command, every option but the output's. */
  private static List<String> encode(int seconds, String video, String preset,
      String... rateControl) {
    List<String> command = new ArrayList<>(List.of(ExternalTool.FFMPEG.require(), "-hide_banner",
        "-nostdin", "-loglevel", "error",
        "-re", "-f", "lavfi", "-i", video,
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
        "-t", Integer.toString(seconds),
        "-c:v", "libx264", "-preset", preset));
    command.addAll(List.of(rateControl));
    command.addAll(List.of("-pix_fmt", "yuv420p", "-g", "50",
        "-c:a", "aac", "-b:a", "64k"));
    return command;
  }
}
