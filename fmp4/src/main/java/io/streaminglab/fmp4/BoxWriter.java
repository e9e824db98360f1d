package io.streaminglab.fmp4;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes ISO base media file format boxes (ISO/IEC 14496-12, 4.2) big-endian into a growing
 * array: {@link #open} a box, write its fields and children, {@link #close} it, and its 32-bit
 * size is filled in. Boxes nest as calls do.
 */
final class BoxWriter {
  private byte[] out;
  private int length;

  BoxWriter(int initialCapacity) {
    out = new byte[Math.max(64, initialCapacity)];
  }

  /** Starts a box of {@code type} (four ASCII characters); returns where it starts. */
  int open(String type) {
    int start = length;
    u32(0);
    fourCc(type);
    return start;
  }

  /** Starts a full box: a box with a version byte and 24 bits of flags. */
  int openFull(String type, int version, int flags) {
    int start = open(type);
    u8(version);
    u24(flags);
    return start;
  }

  /** Ends the box that started at {@code start}, writing its size. */
  void close(int start) {
    putU32(start, length - start);
  }

  void u8(int value) {
    ensure(1);
    out[length++] = (byte) value;
  }

  void u16(int value) {
    ensure(2);
    out[length++] = (byte) (value >>> 8);
    out[length++] = (byte) value;
  }

  void u24(int value) {
    ensure(3);
    out[length++] = (byte) (value >>> 16);
    out[length++] = (byte) (value >>> 8);
    out[length++] = (byte) value;
  }

  void u32(long value) {
    ensure(4);
    putU32(length, value);
    length += 4;
  }

  void u64(long value) {
    u32(value >>> 32);
    u32(value);
  }

  /** {@code count} zero bytes. */
  void zeros(int count) {
    ensure(count);
    length += count;
  }

  void fourCc(String type) {
    byte[] ascii = type.getBytes(StandardCharsets.US_ASCII);
    if (ascii.length != 4) {
      throw new IllegalArgumentException("a box type is four characters: " + type);
    }
    bytes(ascii, 0, 4);
  }

  void bytes(byte[] data, int offset, int count) {
    ensure(count);
    System.arraycopy(data, offset, out, length, count);
    length += count;
  }

  /** Where the next byte goes. */
  int position() {
    return length;
  }

  /** Overwrites four bytes already written at {@code at}. */
  void putU32(int at, long value) {
    out[at] = (byte) (value >>> 24);
    out[at + 1] = (byte) (value >>> 16);
    out[at + 2] = (byte) (value >>> 8);
    out[at + 3] = (byte) value;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(out, length);
  }

  private void ensure(int more) {
    if (length + more > out.length) {
      out = Arrays.copyOf(out, Math.max(out.length * 2, length + more));
    }
  }
}
