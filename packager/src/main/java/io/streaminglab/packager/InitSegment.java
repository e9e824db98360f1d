package io.streaminglab.packager;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The init segment of fragmented MP4 segments, named by its content ({@code init-<16 hex
 * digits of its SHA-256>.mp4}): two packagers fed the same stream give it the same name, a
 * publisher that changes its encoder settings gets a new file rather than one that changes
 * under players that cached it, and a restart finds the one it wrote.
 *
 * @param fileName its file name
 * @param bytes its content; treat as read-only
 */
public record InitSegment(String fileName, byte[] bytes) {
  static final String PREFIX = "init-";
  static final String SUFFIX = ".mp4";

  public InitSegment {
    Objects.requireNonNull(fileName, "fileName == null");
    Objects.requireNonNull(bytes, "bytes == null");
  }

  /** The init segment of these bytes, named by them. */
  static InitSegment of(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return new InitSegment(PREFIX + HexFormat.of().formatHex(digest, 0, 8) + SUFFIX, bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Whether {@code fileName} is the name of an init segment this packager writes. */
  static boolean isInitSegmentName(String fileName) {
    return fileName.startsWith(PREFIX) && fileName.endsWith(SUFFIX)
        && fileName.length() == PREFIX.length() + 16 + SUFFIX.length();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof InitSegment that && fileName.equals(that.fileName)
        && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return fileName.hashCode();
  }

  @Override
  public String toString() {
    return "InitSegment[" + fileName + ", " + bytes.length + " bytes]";
  }
}
