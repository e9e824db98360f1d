package io.streaminglab.media.flv;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/** Builds bit strings for tests: fixed-width fields, Exp-Golomb codes and NAL escaping. */
final class TestBits {
  private final StringBuilder bits = new StringBuilder();

  TestBits u(int width, long value) {
    for (int i = width - 1; i >= 0; i--) {
      bits.append((value >> i & 1) == 1 ? '1' : '0');
    }
    return this;
  }

  TestBits ue(long value) {
    long codeNum = value + 1;
    int width = 64 - Long.numberOfLeadingZeros(codeNum);
    return u(width - 1, 0).u(width, codeNum);
  }

  TestBits se(long value) {
    return ue(value > 0 ? 2 * value - 1 : -2 * value);
  }

  /** The bits so far, padded with zeros to whole bytes. */
  byte[] bytes() {
    StringBuilder padded = new StringBuilder(bits);
    while (padded.length() % 8 != 0) {
      padded.append('0');
    }
    byte[] out = new byte[padded.length() / 8];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(padded.substring(i * 8, i * 8 + 8), 2);
    }
    return out;
  }

  /** The bits with an RBSP stop bit, escaped with emulation prevention bytes as in a NAL unit. */
  byte[] nal() {
    u(1, 1);
    byte[] rbsp = bytes();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int zeros = 0;
    for (byte b : rbsp) {
      if (zeros >= 2 && (b & 0xFF) <= 3) {
        out.write(3);
        zeros = 0;
      }
      out.write(b);
      zeros = b == 0 ? zeros + 1 : 0;
    }
    return out.toByteArray();
  }

  static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex.replace(" ", ""));
  }
}
