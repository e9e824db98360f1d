package io.streaminglab.ingest.hub;

/**
 * Extends RTMP's 32-bit millisecond timestamps (which wrap after 49.7 days) to 64 bits, choosing
 * for each raw value the extension nearest to the previous one, so that audio and video
 * timestamps that interleave slightly out of order are not mistaken for a wrap.
 */
public final class TimestampUnwrapper {
  private static final long WRAP = 1L << 32;
  private long last = -1;

  /** The 64-bit timestamp for the next raw 32-bit one. */
  public long unwrap(long raw) {
    if (last < 0) {
      last = raw;
      return raw;
    }
    long base = last - (last & (WRAP - 1));
    long candidate = base + raw;
    if (candidate - last > WRAP / 2) {
      candidate -= WRAP;
    } else if (last - candidate > WRAP / 2) {
      candidate += WRAP;
    }
    if (candidate < 0) {
      candidate += WRAP;
    }
    last = candidate;
    return candidate;
  }
}
