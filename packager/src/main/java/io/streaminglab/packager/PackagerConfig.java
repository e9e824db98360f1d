package io.streaminglab.packager;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * One packager's settings.
 *
 * @param name its name in logs and metric labels ({@code primary}, {@code backup})
 * @param directory where segments and {@code index.m3u8} are written
 * @param target the target segment duration (2 s in the lab)
 * @param windowSize how many segments the live playlist lists (at least 6 in the lab)
 * @param queueLimit how many frames may wait for the packager's thread before it drops frames
 *     and resynchronises at the next cut point
 * @param format the segments' container: MPEG-TS, or fragmented MP4 with an init segment
 */
public record PackagerConfig(String name, Path directory, Duration target, int windowSize,
    int queueLimit, SegmentFormat format) {

  public PackagerConfig {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(directory, "directory == null");
    Objects.requireNonNull(target, "target == null");
    Objects.requireNonNull(format, "format == null");
    if (target.toMillis() < 500) {
      throw new IllegalArgumentException("target duration below 500 ms: " + target);
    }
    if (windowSize < 3) {
      throw new IllegalArgumentException("window size below 3: " + windowSize);
    }
    if (queueLimit < 16) {
      throw new IllegalArgumentException("queue limit below 16: " + queueLimit);
    }
  }

  public static PackagerConfig of(String name, Path directory) {
    return new PackagerConfig(name, directory, Duration.ofSeconds(2), 6, 4096, SegmentFormat.TS);
  }

  public PackagerConfig withTarget(Duration value) {
    return new PackagerConfig(name, directory, value, windowSize, queueLimit, format);
  }

  public PackagerConfig withWindowSize(int value) {
    return new PackagerConfig(name, directory, target, value, queueLimit, format);
  }

  public PackagerConfig withFormat(SegmentFormat value) {
    return new PackagerConfig(name, directory, target, windowSize, queueLimit, value);
  }
}
