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

  /** {@code video} (a lavfi graph) and a tone, x264 at {@code preset} and any rate control. */
  private static List<String> command(String url, int seconds, String video, String preset,
      String... rateControl) {
    List<String> command = new ArrayList<>(List.of(ExternalTool.FFMPEG.require(), "-hide_banner",
        "-nostdin", "-loglevel", "error",
        "-re", "-f", "lavfi", "-i", video,
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
        "-t", Integer.toString(seconds),
        "-c:v", "libx264", "-preset", preset));
    command.addAll(List.of(rateControl));
    command.addAll(List.of("-pix_fmt", "yuv420p", "-g", "50",
        "-c:a", "aac", "-b:a", "64k", "-f", "flv", url));
    return List.copyOf(command);
  }
}
