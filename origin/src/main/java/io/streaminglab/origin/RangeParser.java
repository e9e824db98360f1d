package io.streaminglab.origin;

import java.util.Locale;

/**
 * Reads a {@code Range} request header (RFC 9110 section 14.2) against a file of known size.
 *
 * <p>One range is answered: {@code bytes=a-b}, {@code bytes=a-} and {@code bytes=-n}. A header
 * this parser does not understand is ignored, as the RFC allows, and the whole file is sent:
 * other units, bad syntax, a last position before the first, and any multi-range request (no
 * HLS player asks for one, and a multipart/byteranges body cannot be sent zero-copy).
 */
final class RangeParser {
  private static final String BYTES_UNIT = "bytes=";
  /** Longer numbers overflow a long; no file here is that large. */
  private static final int MAX_DIGITS = 18;

  private RangeParser() {}

  /** How a request's range applies to the file. */
  enum Outcome {
    /** No usable range: send the whole file with 200. */
    WHOLE,
    /** Send bytes {@code first..last} with 206. */
    PARTIAL,
    /** The range starts after the end of the file: 416. */
    UNSATISFIABLE
  }

  /** A parsed range; {@code first} and {@code last} are inclusive and only meaningful if PARTIAL. */
  record Result(Outcome outcome, long first, long last) {
    static final Result WHOLE = new Result(Outcome.WHOLE, -1, -1);
    static final Result UNSATISFIABLE = new Result(Outcome.UNSATISFIABLE, -1, -1);

    long length() {
      return last - first + 1;
    }
  }

  /** The range {@code header} (null when absent) asks of a file of {@code size} bytes. */
  static Result parse(String header, long size) {
    if (size < 0) {
      throw new IllegalArgumentException("size < 0: " + size);
    }
    if (header == null || header.length() < BYTES_UNIT.length()
        || !header.substring(0, BYTES_UNIT.length()).toLowerCase(Locale.ROOT).equals(BYTES_UNIT)) {
      return Result.WHOLE;
    }
    String spec = header.substring(BYTES_UNIT.length()).trim();
    if (spec.indexOf(',') >= 0) {
      return Result.WHOLE;
    }
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return Result.WHOLE;
    }
    long first = number(spec.substring(0, dash));
    long last = number(spec.substring(dash + 1));
    if (dash == 0) {
      // bytes=-n: the last n bytes.
      if (last < 0) {
        return Result.WHOLE;
      }
      if (last == 0 || size == 0) {
        return Result.UNSATISFIABLE;
      }
      return new Result(Outcome.PARTIAL, Math.max(0, size - last), size - 1);
    }
    if (first < 0 || (dash + 1 < spec.length() && last < 0)) {
      return Result.WHOLE;
    }
    if (dash + 1 < spec.length() && last < first) {
      return Result.WHOLE;
    }
    if (first >= size) {
      return Result.UNSATISFIABLE;
    }
    long end = dash + 1 == spec.length() ? size - 1 : Math.min(last, size - 1);
    return new Result(Outcome.PARTIAL, first, end);
  }

  /** A non-negative decimal number, or -1 when {@code digits} is not one. */
  private static long number(String digits) {
    if (digits.isEmpty() || digits.length() > MAX_DIGITS) {
      return -1;
    }
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
    }
    return Long.parseLong(digits);
  }
}
