package io.streaminglab.hls;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An attribute list (RFC 8216, section 4.2): comma-separated {@code NAME=VALUE} pairs whose
 * values are numbers, enumerated strings, or quoted strings that may hold commas. Values are
 * kept as written, without their quotes.
 */
final class AttributeList {
  /** More attributes than any tag defines: a longer list is junk, not a playlist. */
  static final int MAX_ATTRIBUTES = 64;

  private AttributeList() {}

  /** Parses {@code text}; an attribute named twice keeps its first value, as players do. */
  static Map<String, String> parse(String text, String tag, int line)
      throws PlaylistFormatException {
    Map<String, String> attributes = new LinkedHashMap<>();
    int i = 0;
    int length = text.length();
    while (i < length) {
      int equals = text.indexOf('=', i);
      if (equals < 0) {
        throw new PlaylistFormatException(tag + " on line " + line + " has an attribute "
            + "without a value");
      }
      String name = text.substring(i, equals).strip();
      if (!name.matches("[A-Z0-9-]{1,64}")) {
        throw new PlaylistFormatException(tag + " on line " + line
            + " has a malformed attribute name");
      }
      int valueStart = equals + 1;
      int end;
      String value;
      if (valueStart < length && text.charAt(valueStart) == '"') {
        int close = text.indexOf('"', valueStart + 1);
        if (close < 0) {
          throw new PlaylistFormatException(tag + " on line " + line
              + " has an unterminated quoted string");
        }
        value = text.substring(valueStart + 1, close);
        end = close + 1;
        if (end < length && text.charAt(end) != ',') {
          throw new PlaylistFormatException(tag + " on line " + line
              + " has text after a quoted string");
        }
      } else {
        int comma = text.indexOf(',', valueStart);
        end = comma < 0 ? length : comma;
        value = text.substring(valueStart, end).strip();
      }
      attributes.putIfAbsent(name, value);
      if (attributes.size() > MAX_ATTRIBUTES) {
        throw new PlaylistFormatException(tag + " on line " + line + " has more than "
            + MAX_ATTRIBUTES + " attributes");
      }
      i = end + 1;
    }
    return attributes;
  }

  /** Refuses a value that cannot be written as a quoted string. */
  static void checkQuotable(String name, String value) {
    if (value != null && (value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
        || value.indexOf('\r') >= 0)) {
      throw new IllegalArgumentException(name + " cannot hold quotes or line breaks");
    }
  }
}
