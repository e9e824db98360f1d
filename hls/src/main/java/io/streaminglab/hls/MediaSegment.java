package io.streaminglab.hls;

import java.time.Instant;
import java.util.Objects;

/**
 * One media segment of a media playlist (RFC 8216, section 3).
 *
 * @param uri the segment's URI as written in the playlist, relative or absolute
 * @param durationSeconds its EXTINF duration
 * @param programDateTime its EXT-X-PROGRAM-DATE-TIME, or null when the playlist gives none
 * @param discontinuity whether an EXT-X-DISCONTINUITY precedes it
 */
public record MediaSegment(String uri, double durationSeconds, Instant programDateTime,
    boolean discontinuity) {

  public MediaSegment {
    Objects.requireNonNull(uri, "uri == null");
    if (uri.isEmpty() || uri.indexOf('\n') >= 0 || uri.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("uri must be one non-empty line: " + uri);
    }
    if (!(durationSeconds >= 0) || Double.isInfinite(durationSeconds)) {
      throw new IllegalArgumentException("durationSeconds must be finite and >= 0: "
          + durationSeconds);
    }
  }

  /** The instant this segment ends, when it has a program date-time. */
  public Instant endDateTime() {
    return programDateTime == null ? null
        : programDateTime.plusNanos(Math.round(durationSeconds * 1e9));
  }

  public MediaSegment withDiscontinuity(boolean value) {
    return new MediaSegment(uri, durationSeconds, programDateTime, value);
  }
}
