package io.streaminglab.probe;

import java.util.Arrays;

/**
 * Latency of one kind of request, in milliseconds, by nearest rank.
 *
 * @param count how many requests were answered
 */
public record LatencyStats(int count, double p50Ms, double p90Ms, double p99Ms, double maxMs) {

  public static final LatencyStats NONE = new LatencyStats(0, 0, 0, 0, 0);

  /** Statistics of {@code nanos} (not changed). */
  public static LatencyStats of(long[] nanos) {
    if (nanos.length == 0) {
      return NONE;
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return new LatencyStats(sorted.length, rank(sorted, 0.50), rank(sorted, 0.90),
        rank(sorted, 0.99), millis(sorted[sorted.length - 1]));
  }

  private static double rank(long[] sorted, double quantile) {
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return millis(sorted[Math.max(0, Math.min(sorted.length - 1, index))]);
  }

  private static double millis(long nanos) {
    return Math.round(nanos / 1e3) / 1e3;
  }
}
