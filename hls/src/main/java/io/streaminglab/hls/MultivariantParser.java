package io.streaminglab.hls;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a multivariant playlist from text that may be hostile, bounded as {@link
 * PlaylistParser} is: the text, each line and the number of variants are limited, every number
 * is checked, and anything wrong is one {@link PlaylistFormatException} naming the line.
 *
 * <p>Renditions (EXT-X-MEDIA), I-frame and session tags are skipped; a media playlist is
 * refused.
 */
public final class MultivariantParser {
  public static final int MAX_VARIANTS = 256;

  private MultivariantParser() {}

  public static MultivariantPlaylist parse(String text) throws PlaylistFormatException {
    if (text.length() > PlaylistParser.MAX_LENGTH) {
      throw new PlaylistFormatException("playlist is longer than " + PlaylistParser.MAX_LENGTH
          + " characters");
    }
    String[] lines = text.split("\r?\n", -1);
    if (!lines[0].strip().equals("#EXTM3U")) {
      throw new PlaylistFormatException("playlist does not start with #EXTM3U");
    }
    int version = 1;
    boolean independent = false;
    ContentSteering steering = null;
    List<VariantStream> variants = new ArrayList<>();
    Map<String, String> pending = null;
    int pendingLine = 0;
    for (int n = 1; n < lines.length; n++) {
      String line = lines[n].strip();
      int lineNumber = n + 1;
      if (line.length() > PlaylistParser.MAX_LINE_LENGTH) {
        throw new PlaylistFormatException("line " + lineNumber + " is longer than "
            + PlaylistParser.MAX_LINE_LENGTH + " characters");
      }
      if (line.isEmpty()) {
        continue;
      }
      if (!line.startsWith("#")) {
        if (pending == null) {
          throw new PlaylistFormatException("line " + lineNumber
              + " is a URI without #EXT-X-STREAM-INF");
        }
        if (variants.size() >= MAX_VARIANTS) {
          throw new PlaylistFormatException("playlist has more than " + MAX_VARIANTS
              + " variants");
        }
        variants.add(variant(pending, line, pendingLine));
        pending = null;
        continue;
      }
      int colon = line.indexOf(':');
      String tag = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      switch (tag) {
        case "#EXT-X-VERSION":
          version = (int) number(value.strip(), tag, lineNumber, 1, 100);
          break;
        case "#EXT-X-INDEPENDENT-SEGMENTS":
          independent = true;
          break;
        case "#EXT-X-CONTENT-STEERING": {
          Map<String, String> attributes = AttributeList.parse(value, tag, lineNumber);
          String server = attributes.get("SERVER-URI");
          if (server == null || server.isEmpty()) {
            throw new PlaylistFormatException(tag + " on line " + lineNumber
                + " has no SERVER-URI");
          }
          steering = new ContentSteering(server, attributes.get("PATHWAY-ID"));
          break;
        }
        case "#EXT-X-STREAM-INF":
          pending = AttributeList.parse(value, tag, lineNumber);
          pendingLine = lineNumber;
          break;
        case "#EXTINF":
        case "#EXT-X-TARGETDURATION":
        case "#EXT-X-MEDIA-SEQUENCE":
          throw new PlaylistFormatException("this is a media playlist; give the URL of a "
              + "multivariant playlist");
        default:
          // Renditions, I-frame streams, session data and comments: not needed here.
      }
    }
    if (pending != null) {
      throw new PlaylistFormatException("#EXT-X-STREAM-INF on line " + pendingLine
          + " has no URI after it");
    }
    if (variants.isEmpty()) {
      throw new PlaylistFormatException("playlist lists no #EXT-X-STREAM-INF");
    }
    return new MultivariantPlaylist(version, independent, steering, variants);
  }

  private static VariantStream variant(Map<String, String> attributes, String uri, int line)
      throws PlaylistFormatException {
    String tag = "#EXT-X-STREAM-INF";
    String bandwidth = attributes.get("BANDWIDTH");
    if (bandwidth == null) {
      throw new PlaylistFormatException(tag + " on line " + line + " has no BANDWIDTH");
    }
    String average = attributes.get("AVERAGE-BANDWIDTH");
    String frameRate = attributes.get("FRAME-RATE");
    String resolution = attributes.get("RESOLUTION");
    if (resolution != null && !resolution.matches("[0-9]{1,5}x[0-9]{1,5}")) {
      throw new PlaylistFormatException(tag + " on line " + line
          + " has a RESOLUTION that is not WIDTHxHEIGHT");
    }
    Double rate = null;
    if (frameRate != null) {
      try {
        rate = Double.parseDouble(frameRate);
      } catch (NumberFormatException e) {
        rate = Double.NaN;
      }
      if (!(rate > 0 && rate < 1000) || frameRate.chars().anyMatch(Character::isLetter)) {
        throw new PlaylistFormatException(tag + " on line " + line
            + " has a FRAME-RATE out of range");
      }
    }
    return new VariantStream(uri, number(bandwidth, "BANDWIDTH", line, 0, Long.MAX_VALUE / 2),
        average == null ? null : number(average, "AVERAGE-BANDWIDTH", line, 0,
            Long.MAX_VALUE / 2),
        resolution, attributes.get("CODECS"), rate, attributes.get("PATHWAY-ID"));
  }

  private static long number(String value, String what, int line, long min, long max)
      throws PlaylistFormatException {
    try {
      long parsed = Long.parseLong(value);
      if (parsed < min || parsed > max) {
        throw new PlaylistFormatException(what + " on line " + line + " is out of range");
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new PlaylistFormatException(what + " on line " + line + " is not a whole number");
    }
  }
}
