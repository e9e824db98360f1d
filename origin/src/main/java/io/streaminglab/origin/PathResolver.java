package io.streaminglab.origin;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Maps a request path to a file inside the served directory, and never to one outside it.
 *
 * <p>Two stages, each enough on its own:
 *
 * <ol>
 *   <li>{@link #segments} decodes the raw path one segment at a time and refuses anything that
 *       could name another place: empty segments (so no absolute paths), segments starting with
 *       a dot ({@code .}, {@code ..}, hidden files), backslashes, control characters and NUL,
 *       encoded slashes, bad percent-encoding or UTF-8, and a {@code %} left after decoding
 *       (double encoding).
 *   <li>{@link #resolve} follows symbolic links with {@link Path#toRealPath} and serves the
 *       result only if it is a regular file under the directory's own real path. A link to a
 *       file inside the directory is fine; a link that leads out is not found.
 * </ol>
 */
final class PathResolver {
  /** Longer than any name a file system allows. */
  private static final int MAX_SEGMENT_LENGTH = 255;

  private final Path root;

  /** {@code directory} must exist; it is resolved once, to its real path. */
  PathResolver(Path directory) throws IOException {
    this.root = directory.toRealPath();
  }

  /** The served directory's real path. */
  Path root() {
    return root;
  }

  /**
   * The regular file that {@code rawPath} (relative to the directory, still percent-encoded,
   * possibly with a query) names, or empty when there is none inside the directory.
   *
   * @throws BadPathException when the path is malformed or tries to leave the directory
   */
  Optional<Path> resolve(String rawPath) throws BadPathException {
    List<String> segments = segments(rawPath);
    if (segments.isEmpty() || segments.get(segments.size() - 1).isEmpty()) {
      return Optional.empty(); // a directory
    }
    Path candidate = root;
    for (String segment : segments) {
      candidate = candidate.resolve(segment);
    }
    Path real;
    try {
      real = candidate.toRealPath();
    } catch (IOException e) {
      return Optional.empty();
    }
    if (!real.startsWith(root) || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    return Optional.of(real);
  }

  /**
   * The decoded segments of {@code rawPath}, which is relative (no leading slash) and may end in
   * a query or fragment; empty for the directory itself, and ending with an empty segment when
   * the path names a directory ({@code v1/}).
   */
  static List<String> segments(String rawPath) throws BadPathException {
    String path = rawPath;
    int end = indexOfAny(path, '?', '#');
    if (end >= 0) {
      path = path.substring(0, end);
    }
    if (path.isEmpty()) {
      return List.of();
    }
    List<String> segments = new ArrayList<>();
    int start = 0;
    while (true) {
      int slash = path.indexOf('/', start);
      if (slash == path.length() - 1) {
        segments.add(decodeSegment(path.substring(start, slash)));
        segments.add("");
        return segments;
      }
      String raw = slash < 0 ? path.substring(start) : path.substring(start, slash);
      segments.add(decodeSegment(raw));
      if (slash < 0) {
        return segments;
      }
      start = slash + 1;
    }
  }

  private static String decodeSegment(String raw) throws BadPathException {
    if (raw.isEmpty()) {
      throw new BadPathException("empty path segment");
    }
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == '\\') {
        throw new BadPathException("character 0x" + Integer.toHexString(c) + " in path");
      }
    }
    String decoded = percentDecode(raw);
    if (decoded.length() > MAX_SEGMENT_LENGTH) {
      throw new BadPathException("path segment longer than " + MAX_SEGMENT_LENGTH);
    }
    if (decoded.startsWith(".")) {
      throw new BadPathException("path segment starts with a dot");
    }
    for (int i = 0; i < decoded.length(); i++) {
      char c = decoded.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '/' || c == '\\' || c == '%') {
        throw new BadPathException("encoded character 0x" + Integer.toHexString(c) + " in path");
      }
    }
    return decoded;
  }

  private static String percentDecode(String raw) throws BadPathException {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteBuffer bytes = ByteBuffer.allocate(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c != '%') {
        bytes.put((byte) c);
        continue;
      }
      int high = i + 1 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
      int low = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
      if (high < 0 || low < 0) {
        throw new BadPathException("bad percent-encoding in path");
      }
      bytes.put((byte) (high << 4 | low));
      i += 2;
    }
    bytes.flip();
    try {
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes);
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw new BadPathException("path is not UTF-8");
    }
  }

  private static int indexOfAny(String s, char a, char b) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == a || c == b) {
        return i;
      }
    }
    return -1;
  }
}
