package io.streaminglab.media.flv;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads big-endian fields from a range of a byte array, failing with an {@link FlvException}
 * that names the structure and field whenever the range is too short.
 */
final class ByteCursor {
  private static final int MOD_EX = 7;

  private final byte[] data;
  private final int limit;
  private final String subject;
  private int position;

  /**
   * @param subject what the bytes are, for messages, such as {@code "video tag"}
   */
  ByteCursor(byte[] data, int offset, int length, String subject) {
    Objects.requireNonNull(data, "data == null");
    if (offset < 0 || length < 0 || offset > data.length - length) {
      throw new IndexOutOfBoundsException("offset " + offset + " and length " + length
          + " do not fit in an array of " + data.length + " bytes");
    }
    this.data = data;
    this.position = offset;
    this.limit = offset + length;
    this.subject = subject;
  }

  int position() {
    return position;
  }

  int remaining() {
    return limit - position;
  }

  int u8(String what) {
    require(1, what);
    return data[position++] & 0xFF;
  }

  int u16(String what) {
    require(2, what);
    int value = (data[position] & 0xFF) << 8 | (data[position + 1] & 0xFF);
    position += 2;
    return value;
  }

  /** A signed 24-bit value. */
  int s24(String what) {
    require(3, what);
    int value = (data[position] << 16) | (data[position + 1] & 0xFF) << 8
        | (data[position + 2] & 0xFF);
    position += 3;
    return value;
  }

  /** Four bytes as a four-character code, one character per byte. */
  String fourCc(String what) {
    require(4, what);
    String value = new String(data, position, 4, StandardCharsets.ISO_8859_1);
    position += 4;
    return value;
  }

  byte[] bytes(int length, String what) {
    require(length, what);
    byte[] value = Arrays.copyOfRange(data, position, position + length);
    position += length;
    return value;
  }

  void skip(int length, String what) {
    require(length, what);
    position += length;
  }

  /**
   * Skips the Enhanced RTMP ModEx prefixes that follow a packet type of 7 (the code is the same
   * for audio and video) and returns the packet type they end with.
   */
  int skipModEx(int packetType) {
    int type = packetType;
    while (type == MOD_EX) {
      int size = u8("the ModEx data size") + 1;
      if (size == 256) {
        size = u16("the extended ModEx data size") + 1;
      }
      skip(size, "the ModEx data");
      type = u8("the ModEx type") & 0x0F;
    }
    return type;
  }

  /** Fails unless at least {@code length} bytes remain, without consuming them. */
  void require(long length, String what) {
    if (length > limit - position) {
      throw new FlvException(subject + " is too short: " + what + " needs " + length
          + " bytes but only " + (limit - position) + " remain");
    }
  }
}
