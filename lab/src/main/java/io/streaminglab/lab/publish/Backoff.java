package io.streaminglab.lab.publish;

import java.time.Duration;

/**
 * How long a publisher waits before it reconnects: half a second, doubling after each failed
 * attempt up to ten seconds, and back to half a second once a publish has started.
 */
final class Backoff {
  static final Duration FIRST = Duration.ofMillis(500);
  static final Duration MAX = Duration.ofSeconds(10);

  private Duration next = FIRST;

  /** The wait before the next attempt; the one after it is twice as long, up to the cap. */
  synchronized Duration next() {
    Duration wait = next;
    Duration doubled = next.multipliedBy(2);
    next = doubled.compareTo(MAX) > 0 ? MAX : doubled;
    return wait;
  }

  /** A publish started: the next outage starts from the first wait again. */
  synchronized void reset() {
    next = FIRST;
  }
}
