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
 * @param mapUri the URI of its media initialization section (the EXT-X-MAP in force, as for
 *     fragmented MP4 segments), or null when it needs none (MPEG-TS)
 */
public record MediaSegment(String uri, double durationSeconds, Instant programDateTime,
    boolean discontinuity, String mapUri) {

  public MediaSegment {
    Objects.requireNonNull(uri, "uri == null");
    if (mapUri != null) {
      if (mapUri.isEmpty()) {
        throw new IllegalArgumentException("mapUri is empty");
      }
      AttributeList.checkQuotable("mapUri", mapUri);
    }
    if (uri.isEmpty() || uri.indexOf('\n') >= 0 || uri.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("uri must be one non-empty line: " + uri);
    }
    if (!(durationSeconds >= 0) || Double.isInfinite(durationSeconds)) {
      throw new IllegalArgumentException("durationSeconds must be finite and >= 0: "
          + durationSeconds);
    }
  }

  /** A segment that needs no initialization section, such as MPEG-TS. */
  public MediaSegment(String uri, double durationSeconds, Instant programDateTime,
      boolean discontinuity) {
    this(uri, durationSeconds, programDateTime, discontinuity, null);
  }

  /** The instant this segment ends, when it has a program date-time. */
  public Instant endDateTime() {
    return programDateTime == null ? null
        : programDateTime.plusNanos(Math.round(durationSeconds * 1e9));
  }

  public MediaSegment withDiscontinuity(boolean value) {
    return new MediaSegment(uri, durationSeconds, programDateTime, value, mapUri);
  }
}
