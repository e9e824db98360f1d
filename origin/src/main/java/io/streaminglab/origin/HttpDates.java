package io.streaminglab.origin;

import io.netty.handler.codec.DateFormatter;
import io.netty.util.AsciiString;
import java.util.Date;

/**
 * Formats HTTP dates (RFC 9110's IMF-fixdate, whole seconds) and remembers the last second it
 * formatted, so that the {@code Date} of every response within a second, or the
 * {@code Last-Modified} of a file served over and over, is formatted once. Safe to share
 * between threads: the remembered value is one immutable pair.
 */
final class HttpDates {
  private record Formatted(long epochSecond, AsciiString text) {}

  private volatile Formatted last = new Formatted(Long.MIN_VALUE, AsciiString.EMPTY_STRING);

  /** The HTTP date of {@code epochSecond}. */
  AsciiString format(long epochSecond) {
    Formatted formatted = last;
    if (formatted.epochSecond() != epochSecond) {
      formatted = new Formatted(epochSecond,
          new AsciiString(DateFormatter.format(new Date(epochSecond * 1000))));
      last = formatted;
    }
    return formatted.text();
  }

  /** The HTTP date of the second that {@code epochMillis} falls in. */
  AsciiString formatMillis(long epochMillis) {
    return format(Math.floorDiv(epochMillis, 1000));
  }
}
