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
import java.nio.file.attribute.BasicFileAttributes;
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
 *   <li>{@link #resolve} walks those segments down from the directory's real path (taken once,
 *       at construction) with one {@code lstat} each, which does not follow links. When no
 *       segment is a symbolic link, the path cannot leave the directory: none is {@code .} or
 *       {@code ..} and none contains a slash. Only when one is a link does it follow the whole
 *       path with {@link Path#toRealPath} and serve the result if it is a regular file under
 *       the directory's real path: a link to a file inside is fine, a link that leads out is
 *       not found.
 * </ol>
 *
 * <p>So an ordinary file costs one system call per path segment (one for {@code index.m3u8}),
 * where following every component with {@code toRealPath} cost a {@code readlink} per component
 * of the whole absolute path. The attributes read on the way are returned with the path, and
 * {@link ServedFile} checks them again after opening.
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
   * A regular file inside the directory, named by a path without symbolic links, and its
   * attributes as read (without following links) while resolving it.
   */
  record Found(Path path, BasicFileAttributes attributes) {
    /** The version of the file those attributes describe. */
    FileVersion version() {
      return FileVersion.of(attributes);
    }
  }

  /**
   * The regular file that {@code rawPath} (relative to the directory, still percent-encoded,
   * possibly with a query) names, or empty when there is none inside the directory.
   *
   * @throws BadPathException when the path is malformed or tries to leave the directory
   */
  Optional<Found> resolve(String rawPath) throws BadPathException {
    List<String> segments = segments(rawPath);
    int count = segments.size();
    if (count == 0 || segments.get(count - 1).isEmpty()) {
      return Optional.empty(); // a directory
    }
    Path candidate = root;
    BasicFileAttributes attributes = null;
    for (int i = 0; i < count; i++) {
      candidate = candidate.resolve(segments.get(i));
      try {
        attributes = Files.readAttributes(candidate, BasicFileAttributes.class,
            LinkOption.NOFOLLOW_LINKS);
      } catch (IOException e) {
        return Optional.empty();
      }
      if (attributes.isSymbolicLink()) {
        return followLinks(segments);
      }
      if (i < count - 1 && !attributes.isDirectory()) {
        return Optional.empty();
      }
    }
    return attributes.isRegularFile() ? Optional.of(new Found(candidate, attributes))
        : Optional.empty();
  }

  /** The slow path, for a path with a symbolic link in it: where it really leads. */
  private Optional<Found> followLinks(List<String> segments) {
    Path candidate = root;
    for (String segment : segments) {
      candidate = candidate.resolve(segment);
    }
    try {
      Path real = candidate.toRealPath();
      if (!real.startsWith(root)) {
        return Optional.empty();
      }
      BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class,
          LinkOption.NOFOLLOW_LINKS);
      return attributes.isRegularFile() ? Optional.of(new Found(real, attributes))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
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
