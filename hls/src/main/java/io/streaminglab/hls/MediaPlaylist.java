package io.streaminglab.hls;

import java.util.List;
import java.util.Objects;

/**
 * A live (or ended) HLS media playlist (RFC 8216, section 4.3).
 *
 * @param version EXT-X-VERSION
 * @param targetDurationSeconds EXT-X-TARGETDURATION, at least every segment's rounded duration
 * @param mediaSequence EXT-X-MEDIA-SEQUENCE: the sequence number of the first segment
 * @param discontinuitySequence EXT-X-DISCONTINUITY-SEQUENCE
 * @param independentSegments whether EXT-X-INDEPENDENT-SEGMENTS is present
 * @param endList whether EXT-X-ENDLIST is present (no more segments will be added)
 * @param segments the segments in order; the i-th has sequence number mediaSequence + i
 */
public record MediaPlaylist(int version, long targetDurationSeconds, long mediaSequence,
    long discontinuitySequence, boolean independentSegments, boolean endList,
    List<MediaSegment> segments) {

  public MediaPlaylist {
    if (version < 1) {
      throw new IllegalArgumentException("version < 1: " + version);
    }
    if (targetDurationSeconds < 0 || mediaSequence < 0 || discontinuitySequence < 0) {
      throw new IllegalArgumentException("negative target duration or sequence number");
    }
    segments = List.copyOf(Objects.requireNonNull(segments, "segments == null"));
  }

  /** The sequence number of the last segment, or mediaSequence - 1 when there is none. */
  public long lastSequence() {
    return mediaSequence + segments.size() - 1;
  }

  /** The segment with sequence number {@code sequence}, or null when it is not in the window. */
  public MediaSegment segment(long sequence) {
    long index = sequence - mediaSequence;
    return index < 0 || index >= segments.size() ? null : segments.get((int) index);
  }

  /**
   * The discontinuity sequence number of the segment at {@code index}: the first segment has
   * EXT-X-DISCONTINUITY-SEQUENCE's value, and each later EXT-X-DISCONTINUITY adds one.
   */
  public long discontinuitySequenceAt(int index) {
    long value = discontinuitySequence;
    for (int i = 1; i <= index; i++) {
      if (segments.get(i).discontinuity()) {
        value++;
      }
    }
    return value;
  }
}
