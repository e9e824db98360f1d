package io.streaminglab.testkit;

import java.util.List;

/**
 * ffmpeg publishing a synthetic live stream over RTMP, as a real publisher would: H.264 with a
 * keyframe every 2 s and AAC, at real-time speed.
 */
public final class TestPublisher {
  private TestPublisher() {}

  /** The command that publishes {@code seconds} of test pattern and tone to {@code url}. */
  public static List<String> command(String url, int seconds) {
    return List.of(ExternalTool.FFMPEG.require(), "-hide_banner", "-nostdin", "-loglevel", "error",
        "-re", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
        "-t", Integer.toString(seconds),
        "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-g", "50",
        "-c:a", "aac", "-b:a", "64k", "-f", "flv", url);
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
    return List.of(ExternalTool.FFMPEG.require(), "-hide_banner", "-nostdin", "-loglevel", "error",
        "-re", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25,noise=alls=12:allf=t",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
        "-t", Integer.toString(seconds),
        "-c:v", "libx264", "-preset", "ultrafast", "-qp", "24", "-pix_fmt", "yuv420p", "-g", "50",
        "-c:a", "aac", "-b:a", "64k", "-f", "flv", url);
  }

  /** Starts publishing the noisy pattern; close the returned process to stop. */
  public static PeerProcess startNoisy(String url, int seconds) {
    return PeerProcess.start(noisyCommand(url, seconds));
  }
}
