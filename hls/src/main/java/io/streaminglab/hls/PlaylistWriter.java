package io.streaminglab.hls;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Writes a media playlist as RFC 8216 text: header tags, then per segment its discontinuity,
 * its EXT-X-MAP where the map changes (before the first segment that has one, and wherever
 * the next differs), program date-time (UTC, milliseconds) and EXTINF (three decimals) before
 * the URI.
 */
public final class PlaylistWriter {
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private PlaylistWriter() {}

  public static String write(MediaPlaylist playlist) {
    StringBuilder out = new StringBuilder(256 + 96 * playlist.segments().size());
    out.append("#EXTM3U\n");
    out.append("#EXT-X-VERSION:").append(playlist.version()).append('\n');
    out.append("#EXT-X-TARGETDURATION:").append(playlist.targetDurationSeconds()).append('\n');
    out.append("#EXT-X-MEDIA-SEQUENCE:").append(playlist.mediaSequence()).append('\n');
    if (playlist.discontinuitySequence() > 0) {
      out.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(playlist.discontinuitySequence())
          .append('\n');
    }
    if (playlist.independentSegments()) {
      out.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
    }
    String map = null;
    for (MediaSegment segment : playlist.segments()) {
      if (segment.discontinuity()) {
        out.append("#EXT-X-DISCONTINUITY\n");
      }
      if (segment.mapUri() != null && !segment.mapUri().equals(map)) {
        map = segment.mapUri();
        out.append("#EXT-X-MAP:URI=\"").append(map).append("\"\n");
      }
      if (segment.programDateTime() != null) {
        out.append("#EXT-X-PROGRAM-DATE-TIME:").append(formatDateTime(segment.programDateTime()))
            .append('\n');
      }
      out.append("#EXTINF:").append(String.format(Locale.ROOT, "%.3f", segment.durationSeconds()))
          .append(",\n");
      out.append(segment.uri()).append('\n');
    }
    if (playlist.endList()) {
      out.append("#EXT-X-ENDLIST\n");
    }
    return out.toString();
  }

  /** An instant as EXT-X-PROGRAM-DATE-TIME writes it: UTC with milliseconds. */
  public static String formatDateTime(Instant instant) {
    return DATE_TIME.format(instant.truncatedTo(ChronoUnit.MILLIS));
  }
}
