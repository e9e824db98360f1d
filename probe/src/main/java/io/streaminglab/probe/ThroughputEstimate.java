package io.streaminglab.probe;

/**
 * The download throughput a player reports to the steering server ({@code _HLS_throughput}):
 * the bits of the last {@value #SAMPLES} segments over the time they took, or hls.js's default
 * estimate of {@value #DEFAULT_BITS_PER_SECOND} bit/s before any.
 */
final class ThroughputEstimate {
  static final int SAMPLES = 4;
  static final long DEFAULT_BITS_PER_SECOND = 500_000;

  private final long[] bytes = new long[SAMPLES];
  private final long[] nanos = new long[SAMPLES];
  private int count;
  private int next;

  void add(long segmentBytes, long latencyNanos) {
    if (segmentBytes < 0 || latencyNanos <= 0) {
      return;
    }
    bytes[next] = segmentBytes;
    nanos[next] = latencyNanos;
    next = (next + 1) % SAMPLES;
    count = Math.min(SAMPLES, count + 1);
  }

  long bitsPerSecond() {
    long totalBytes = 0;
    long totalNanos = 0;
    for (int i = 0; i < count; i++) {
      totalBytes += bytes[i];
      totalNanos += nanos[i];
    }
    return totalNanos == 0 ? DEFAULT_BITS_PER_SECOND
        : (long) (totalBytes * 8 * 1e9 / totalNanos);
  }
}
