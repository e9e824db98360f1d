package io.streaminglab.packager;

import java.time.Instant;
import java.util.Objects;

/**
 * One finished segment, MPEG-TS or a fragmented MP4 movie fragment, ready to be written and
 * listed.
 *
 * @param sequence its media sequence number, which also names its file
 * @param programDateTime the wall-clock time of its first frame
 * @param durationMillis from its first frame to the first frame of the next segment
 * @param discontinuity whether the publisher restarted (or frames were lost) before it
 * @param bytes the segment: a whole number of 188-byte packets, or a moof and its mdat
 * @param format its container
 * @param init the init segment it needs (EXT-X-MAP) in fragmented MP4; null for MPEG-TS
 */
public record Segment(long sequence, Instant programDateTime, long durationMillis,
    boolean discontinuity, byte[] bytes, SegmentFormat format, InitSegment init) {

  public Segment {
    Objects.requireNonNull(programDateTime, "programDateTime == null");
    Objects.requireNonNull(bytes, "bytes == null");
    Objects.requireNonNull(format, "format == null");
    if ((format == SegmentFormat.FMP4) != (init != null)) {
      throw new IllegalArgumentException("a fragmented MP4 segment, and only one, has an init "
          + "segment");
    }
  }

  /** An MPEG-TS segment. */
  public Segment(long sequence, Instant programDateTime, long durationMillis,
      boolean discontinuity, byte[] bytes) {
    this(sequence, programDateTime, durationMillis, discontinuity, bytes, SegmentFormat.TS,
        null);
  }

  /** The file name, the same in every packager for the same segment. */
  public String fileName() {
    return fileName(sequence, format);
  }

  /** The file name of MPEG-TS segment {@code sequence}. */
  public static String fileName(long sequence) {
    return fileName(sequence, SegmentFormat.TS);
  }

  public static String fileName(long sequence, SegmentFormat format) {
    return "seg-" + sequence + "." + format.extension();
  }
}
