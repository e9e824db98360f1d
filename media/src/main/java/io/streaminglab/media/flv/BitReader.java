package io.streaminglab.media.flv;

import java.util.Objects;

/**
 * Reads bits most significant first from a range of a byte array, with Exp-Golomb codes, and
 * optionally drops H.264 emulation prevention bytes (the 3 in {@code 00 00 03}) on the way.
 *
 * <p>Reading past the end, or an Exp-Golomb code longer than 32 bits, fails with an {@link
 * FlvException} naming the structure and the field.
 */
final class BitReader {
  private final byte[] data;
  private final int limit;
  private final boolean dropEmulationPrevention;
  private final String subject;
  private int position;
  private int zeroBytes;
  private int current;
  private int bitsLeft;

  /**
   * @param dropEmulationPrevention true to read the RBSP of a NAL unit
   * @param subject what the bits are, for messages, such as {@code "H.264 SPS"}
   */
  BitReader(byte[] data, int offset, int length, boolean dropEmulationPrevention,
      String subject) {
    Objects.requireNonNull(data, "data == null");
    if (offset < 0 || length < 0 || offset > data.length - length) {
      throw new IndexOutOfBoundsException("offset " + offset + " and length " + length
          + " do not fit in an array of " + data.length + " bytes");
    }
    this.data = data;
    this.position = offset;
    this.limit = offset + length;
    this.dropEmulationPrevention = dropEmulationPrevention;
    this.subject = subject;
  }

  boolean flag(String what) {
    return bit(what) == 1;
  }

  int bit(String what) {
    if (bitsLeft == 0) {
      current = nextByte(what);
      bitsLeft = 8;
    }
    bitsLeft--;
    return (current >> bitsLeft) & 1;
  }

  /** An unsigned value of {@code count} bits, at most 31. */
  int bits(int count, String what) {
    int value = 0;
    for (int i = 0; i < count; i++) {
      value = value << 1 | bit(what);
    }
    return value;
  }

  /** An unsigned Exp-Golomb code, ue(v). */
  long ue(String what) {
    int leadingZeros = 0;
    while (bit(what) == 0) {
      leadingZeros++;
      if (leadingZeros > 31) {
        throw new FlvException(subject + " has an Exp-Golomb code longer than 32 bits in " + what);
      }
    }
    long suffix = 0;
    for (int i = 0; i < leadingZeros; i++) {
      suffix = suffix << 1 | bit(what);
    }
    return (1L << leadingZeros) - 1 + suffix;
  }

  /** An unsigned Exp-Golomb code that must not exceed {@code max}. */
  int ue(String what, int max) {
    long value = ue(what);
    if (value > max) {
      throw new FlvException(subject + " has " + what + " of " + value + ", above the most "
          + "allowed, " + max);
    }
    return (int) value;
  }

  /** A signed Exp-Golomb code, se(v). */
  long se(String what) {
    long codeNum = ue(what);
    return (codeNum & 1) == 1 ? (codeNum + 1) / 2 : -(codeNum / 2);
  }

  private int nextByte(String what) {
    if (dropEmulationPrevention && zeroBytes >= 2 && position < limit && data[position] == 3) {
      position++;
      zeroBytes = 0;
    }
    if (position >= limit) {
      throw new FlvException(subject + " is too short: it ends while reading " + what);
    }
    int value = data[position++] & 0xFF;
    zeroBytes = value == 0 ? zeroBytes + 1 : 0;
    return value;
  }
}
