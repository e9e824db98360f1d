package io.streaminglab.ingest.rtmp;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A stream's path as mediamtx names it: the connect command's application joined with the
 * publish or play name, without query strings. {@code rtmp://host:1936/mystream} is
 * {@code mystream}; {@code rtmp://host:1936/live} with stream key {@code mystream} (OBS) is
 * {@code live/mystream}. Query parameters of either part (such as {@code ?key=}) are kept apart.
 *
 * @param path the path, never empty, without leading or trailing slashes
 * @param query the query parameters of the application and the name, the name's winning
 */
public record StreamPath(String path, Map<String, String> query) {
  private static final int MAX_PATH_LENGTH = 256;
  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._~\\-/]+");

  /**
   * Joins an application and a stream name into a path.
   *
   * @throws IllegalArgumentException with a message fit for the client when the result is empty,
   *     too long, or has characters other than letters, digits, {@code . _ ~ -} and slashes, or
   *     a {@code ..} segment
   */
  public static StreamPath of(String app, String name) {
    Map<String, String> query = new LinkedHashMap<>();
    String appPart = stripQuery(app == null ? "" : app, query);
    String namePart = stripQuery(name == null ? "" : name, query);
    String joined = (trimSlashes(appPart) + "/" + trimSlashes(namePart)).replaceAll("/+", "/");
    String path = trimSlashes(joined);
    if (path.isEmpty()) {
      throw new IllegalArgumentException("the stream name is empty");
    }
    if (path.length() > MAX_PATH_LENGTH) {
      throw new IllegalArgumentException("the stream path is longer than " + MAX_PATH_LENGTH
          + " characters");
    }
    if (!ALLOWED.matcher(path).matches()) {
      throw new IllegalArgumentException("the stream path '" + path
          + "' has characters other than letters, digits, '._~-' and '/'");
    }
    for (String segment : path.split("/")) {
      if (segment.equals("..") || segment.equals(".")) {
        throw new IllegalArgumentException("the stream path '" + path + "' has a dot segment");
      }
    }
    return new StreamPath(path, Map.copyOf(query));
  }

  private static String stripQuery(String value, Map<String, String> query) {
    int mark = value.indexOf('?');
    if (mark < 0) {
      return value;
    }
    for (String pair : value.substring(mark + 1).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String val = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        query.put(URLDecoder.decode(key, StandardCharsets.UTF_8),
            URLDecoder.decode(val, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        query.put(key, val);
      }
    }
    return value.substring(0, mark);
  }

  private static String trimSlashes(String value) {
    int start = 0;
    int end = value.length();
    while (start < end && value.charAt(start) == '/') {
      start++;
    }
    while (end > start && value.charAt(end - 1) == '/') {
      end--;
    }
    return value.substring(start, end);
  }
}
