package io.streaminglab.mpegts;

import java.util.List;
import java.util.Optional;

/**
 * How the PES packets of one PID are spread over transport packets in a segment, so that the
 * PID's continuity counters end the segment at 15 whatever came before.
 *
 * <p>{@link #padded} starts at 0 and stretches PES packets, the last first, until the PID's
 * packet count is a multiple of 16. When the PID's PES packets are too small to stretch that
 * far, {@link #offset} gives the fallback: fewest packets, counters starting where they must
 * to end at 15, and discontinuity_indicator on the first packet.
 *
 * @param packetCounts packets for each of the PID's PES packets, in order
 * @param firstCounter the continuity_counter of the PID's first packet
 * @param discontinuity whether the PID's first packet sets discontinuity_indicator
 */
record ContinuityPlan(int[] packetCounts, int firstCounter, boolean discontinuity) {
  /** Continuity counters count modulo 16. */
  static final int CYCLE = 16;

  /** The plan that starts at 0 and pads to a multiple of 16, if the units can stretch so far. */
  static Optional<ContinuityPlan> padded(List<PesUnit> units) {
    int[] counts = new int[units.size()];
    if (stretch(units, counts)) {
      return Optional.empty();
    }
    return Optional.of(new ContinuityPlan(counts, 0, false));
  }

  /** The fallback: fewest packets, starting at the counter that makes the last one 15. */
  static ContinuityPlan offset(List<PesUnit> units) {
    int[] counts = new int[units.size()];
    int total = 0;
    for (int i = 0; i < counts.length; i++) {
      counts[i] = PesPacketizer.fewestPackets(units.get(i), i == 0);
      total += counts[i];
    }
    return new ContinuityPlan(counts, Math.floorMod(-total, CYCLE), true);
  }

  /** Total packets. */
  int total() {
    int total = 0;
    for (int count : packetCounts) {
      total += count;
    }
    return total;
  }

  /** Fills {@code counts} as far as it can; true when packets are still missing. */
  private static boolean stretch(List<PesUnit> units, int[] counts) {
    int total = 0;
    for (int i = 0; i < counts.length; i++) {
      counts[i] = PesPacketizer.fewestPackets(units.get(i), false);
      total += counts[i];
    }
    int missing = Math.floorMod(-total, CYCLE);
    for (int i = counts.length - 1; i >= 0 && missing > 0; i--) {
      int added = Math.min(missing, PesPacketizer.mostPackets(units.get(i)) - counts[i]);
      counts[i] += added;
      missing -= added;
    }
    return missing > 0;
  }
}
