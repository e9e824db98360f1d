package io.streaminglab.origin;

import io.netty.util.AsciiString;
import java.util.Locale;

/**
 * What a served file is, by its extension: its media type and how long caches may keep it.
 *
 * <p>Playlists change every segment, so caches must revalidate them each time. A segment's name
 * is never reused for other bytes, so a segment is cacheable for a year. Anything else is
 * treated like a playlist, because nothing promises that it never changes.
 */
enum FileKind {
  PLAYLIST("application/vnd.apple.mpegurl", FileKind.REVALIDATE),
  MPEG_TS_SEGMENT("video/mp2t", FileKind.IMMUTABLE),
  MP4_SEGMENT("video/mp4", FileKind.IMMUTABLE),
  AAC_SEGMENT("audio/aac", FileKind.IMMUTABLE),
  OTHER("application/octet-stream", FileKind.REVALIDATE);

  static final String REVALIDATE = "no-cache";
  static final String IMMUTABLE = "public, max-age=31536000, immutable";

  private final AsciiString contentType;
  private final AsciiString cacheControl;

  FileKind(String contentType, String cacheControl) {
    this.contentType = AsciiString.cached(contentType);
    this.cacheControl = AsciiString.cached(cacheControl);
  }

  AsciiString contentType() {
    return contentType;
  }

  AsciiString cacheControl() {
    return cacheControl;
  }

  static FileKind of(String fileName) {
    int dot = fileName.lastIndexOf('.');
    String extension = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    return switch (extension) {
      case "m3u8" -> PLAYLIST;
      case "ts" -> MPEG_TS_SEGMENT;
      case "m4s", "mp4" -> MP4_SEGMENT;
      case "aac" -> AAC_SEGMENT;
      default -> OTHER;
    };
  }
}
