package io.streaminglab.probe;

import java.time.Duration;
import java.util.Objects;

/**
 * When a player reloads a live playlist, measured from the moment the previous load began.
 *
 * @param changedTargets after a load that changed the playlist, wait this many target durations
 * @param unchangedTargets after a load that did not change it, or failed, wait this many
 * @param minimum never reload sooner than this (a playlist may declare a target of 0)
 * @param beforeFirstPlaylist between failed loads before any playlist gave a target duration
 */
public record PollPolicy(double changedTargets, double unchangedTargets, Duration minimum,
    Duration beforeFirstPlaylist) {

  public PollPolicy {
    if (!(changedTargets > 0) || !(unchangedTargets > 0)) {
      throw new IllegalArgumentException("reload factors must be positive: " + changedTargets
          + ", " + unchangedTargets);
    }
    Objects.requireNonNull(minimum, "minimum == null");
    Objects.requireNonNull(beforeFirstPlaylist, "beforeFirstPlaylist == null");
    if (minimum.isNegative() || beforeFirstPlaylist.isNegative()) {
      throw new IllegalArgumentException("negative reload interval");
    }
  }

  /**
   * RFC 8216, section 6.3.4: one target duration after a load that changed the playlist, half
   * a target duration after one that did not; 100 ms at least; 500 ms between failed first
   * loads.
   */
  public static PollPolicy rfc8216() {
    return new PollPolicy(1.0, 0.5, Duration.ofMillis(100), Duration.ofMillis(500));
  }

  /** How long to wait after a load, given the playlist's target duration in seconds. */
  public Duration interval(long targetSeconds, boolean changed) {
    double factor = changed ? changedTargets : unchangedTargets;
    Duration wait = Duration.ofNanos(Math.round(targetSeconds * factor * 1e9));
    return wait.compareTo(minimum) < 0 ? minimum : wait;
  }
}
