package io.streaminglab.hls;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a media playlist (RFC 8216) from text that may be hostile: the text, its lines and its
 * segment count are bounded, every number is checked, and anything wrong is one
 * {@link PlaylistFormatException} that says what and on which line.
 *
 * <p>EXT-X-MAP applies to the segments after it, until the next. Tags that do not change what
 * this project needs (keys, byte ranges, parts) are skipped; a master playlist is refused, and
 * so is a map given as a byte range, which nothing here can serve.
 */
public final class PlaylistParser {
  /** The largest playlist text accepted, in characters. */
  public static final int MAX_LENGTH = 1 << 20;
  public static final int MAX_LINE_LENGTH = 8192;
  public static final int MAX_SEGMENTS = 10_000;

  /** Program date-times as RFC 3339 writes them, with "Z", "+00:00" or ffmpeg's "+0000". */
  private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
      .parseCaseInsensitive()
      .append(DateTimeFormatter.ISO_LOCAL_DATE)
      .appendLiteral('T')
      .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
      .appendValue(ChronoField.MINUTE_OF_HOUR, 2).appendLiteral(':')
      .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
      .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
      .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
      .toFormatter(Locale.ROOT);

  private PlaylistParser() {}

  public static MediaPlaylist parse(String text) throws PlaylistFormatException {
    if (text.length() > MAX_LENGTH) {
      throw new PlaylistFormatException("playlist is longer than " + MAX_LENGTH + " characters");
    }
    String[] lines = text.split("\r?\n", -1);
    if (lines.length == 0 || !lines[0].strip().equals("#EXTM3U")) {
      throw new PlaylistFormatException("playlist does not start with #EXTM3U");
    }
    int version = 1;
    long targetDuration = -1;
    long mediaSequence = 0;
    long discontinuitySequence = 0;
    boolean independent = false;
    boolean endList = false;
    List<MediaSegment> segments = new ArrayList<>();
    double pendingDuration = -1;
    Instant pendingDateTime = null;
    boolean pendingDiscontinuity = false;
    String map = null;

    for (int n = 1; n < lines.length; n++) {
      String line = lines[n].strip();
      int lineNumber = n + 1;
      if (line.length() > MAX_LINE_LENGTH) {
        throw new PlaylistFormatException("line " + lineNumber + " is longer than "
            + MAX_LINE_LENGTH + " characters");
      }
      if (line.isEmpty()) {
        continue;
      }
      if (!line.startsWith("#")) {
        if (pendingDuration < 0) {
          throw new PlaylistFormatException("line " + lineNumber + " is a URI without #EXTINF");
        }
        if (segments.size() >= MAX_SEGMENTS) {
          throw new PlaylistFormatException("playlist has more than " + MAX_SEGMENTS
              + " segments");
        }
        segments.add(new MediaSegment(line, pendingDuration, pendingDateTime,
            pendingDiscontinuity, map));
        pendingDuration = -1;
        pendingDateTime = null;
        pendingDiscontinuity = false;
        continue;
      }
      int colon = line.indexOf(':');
      String tag = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      switch (tag) {
        case "#EXT-X-VERSION":
          version = (int) number(value, tag, lineNumber, 1, 100);
          break;
        case "#EXT-X-TARGETDURATION":
          targetDuration = number(value, tag, lineNumber, 0, 86_400);
          break;
        case "#EXT-X-MEDIA-SEQUENCE":
          mediaSequence = number(value, tag, lineNumber, 0, Long.MAX_VALUE / 2);
          break;
        case "#EXT-X-DISCONTINUITY-SEQUENCE":
          discontinuitySequence = number(value, tag, lineNumber, 0, Long.MAX_VALUE / 2);
          break;
        case "#EXT-X-INDEPENDENT-SEGMENTS":
          independent = true;
          break;
        case "#EXT-X-ENDLIST":
          endList = true;
          break;
        case "#EXT-X-DISCONTINUITY":
          pendingDiscontinuity = true;
          break;
        case "#EXTINF":
          pendingDuration = duration(value, lineNumber);
          break;
        case "#EXT-X-PROGRAM-DATE-TIME":
          pendingDateTime = dateTime(value, lineNumber);
          break;
        case "#EXT-X-MAP":
          map = mapUri(value, lineNumber);
          break;
        case "#EXT-X-STREAM-INF":
        case "#EXT-X-I-FRAME-STREAM-INF":
          throw new PlaylistFormatException("this is a master playlist; give the URL of a media "
              + "playlist");
        default:
          // Other tags (keys, byte ranges, parts, comments) do not change the timeline.
      }
    }
    if (targetDuration < 0) {
      throw new PlaylistFormatException("playlist has no #EXT-X-TARGETDURATION");
    }
    return new MediaPlaylist(version, targetDuration, mediaSequence, discontinuitySequence,
        independent, endList, segments);
  }

  private static long number(String value, String tag, int line, long min, long max)
      throws PlaylistFormatException {
    try {
      long parsed = Long.parseLong(value.strip());
      if (parsed < min || parsed > max) {
        throw new PlaylistFormatException(tag + " on line " + line + " is out of range: "
            + value);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new PlaylistFormatException(tag + " on line " + line + " is not a whole number: "
          + shorten(value));
    }
  }

  private static double duration(String value, int line) throws PlaylistFormatException {
    int comma = value.indexOf(',');
    String number = (comma < 0 ? value : value.substring(0, comma)).strip();
    try {
      double parsed = Double.parseDouble(number);
      if (!(parsed >= 0) || parsed > 86_400 || number.chars().anyMatch(Character::isLetter)) {
        throw new PlaylistFormatException("#EXTINF on line " + line + " is out of range: "
            + shorten(number));
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new PlaylistFormatException("#EXTINF on line " + line + " is not a duration: "
          + shorten(number));
    }
  }

  private static Instant dateTime(String value, int line) throws PlaylistFormatException {
    try {
      return OffsetDateTime.parse(value.strip(), DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new PlaylistFormatException("#EXT-X-PROGRAM-DATE-TIME on line " + line
          + " is not a date-time with an offset: " + shorten(value));
    }
  }

  private static String mapUri(String value, int line) throws PlaylistFormatException {
    Map<String, String> attributes = AttributeList.parse(value, "#EXT-X-MAP", line);
    String uri = attributes.get("URI");
    if (uri == null || uri.isEmpty()) {
      throw new PlaylistFormatException("#EXT-X-MAP on line " + line + " has no URI");
    }
    if (attributes.containsKey("BYTERANGE")) {
      throw new PlaylistFormatException("#EXT-X-MAP on line " + line + " gives a BYTERANGE, "
          + "which is not supported; serve the initialization section as a file of its own");
    }
    return uri;
  }

  private static String shorten(String value) {
    return value.length() <= 40 ? value : value.substring(0, 40) + "...";
  }
}
