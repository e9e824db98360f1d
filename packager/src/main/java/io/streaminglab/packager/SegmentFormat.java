package io.streaminglab.packager;

import java.util.Locale;

/** The container a packager writes its segments in. */
public enum SegmentFormat {
  /** MPEG-TS (ISO/IEC 13818-1), what every HLS player plays: {@code seg-N.ts}. */
  TS("ts", 3),
  /**
   * Fragmented MP4 (CMAF): an init segment named by EXT-X-MAP, then {@code seg-N.m4s} movie
   * fragments; what low-latency HLS builds on.
   */
  FMP4("m4s", 7);

  private final String extension;
  private final int playlistVersion;

  SegmentFormat(String extension, int playlistVersion) {
    this.extension = extension;
    this.playlistVersion = playlistVersion;
  }

  /** The segment files' extension, without the dot. */
  public String extension() {
    return extension;
  }

  /** The EXT-X-VERSION a playlist of these segments needs (RFC 8216, section 7). */
  public int playlistVersion() {
    return playlistVersion;
  }

  /** The name as the command line writes it: {@code ts} or {@code fmp4}. */
  public String option() {
    return name().toLowerCase(Locale.ROOT);
  }
}
