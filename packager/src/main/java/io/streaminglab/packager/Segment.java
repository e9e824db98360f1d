package io.streaminglab.packager;

import java.time.Instant;
import java.util.Objects;

/**
 * One finished MPEG-TS segment, ready to be written and listed.
 *
 * @param sequence its media sequence number, which also names its file
 * @param programDateTime the wall-clock time of its first frame
 * @param durationMillis from its first frame to the first frame of the next segment
 * @param discontinuity whether the publisher restarted (or frames were lost) before it
 * @param bytes the segment, a whole number of 188-byte packets
 */
public record Segment(long sequence, Instant programDateTime, long durationMillis,
    boolean discontinuity, byte[] bytes) {

  public Segment {
    Objects.requireNonNull(programDateTime, "programDateTime == null");
    Objects.requireNonNull(bytes, "bytes == null");
  }

  /** The file name, the same in every packager for the same segment. */
  public String fileName() {
    return fileName(sequence);
  }

  public static String fileName(long sequence) {
    return "seg-" + sequence + ".ts";
  }
}
