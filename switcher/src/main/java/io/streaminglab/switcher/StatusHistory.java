package io.streaminglab.switcher;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The switcher's recent past for the status page: each origin's segment age and the active
 * origin over the last {@code window} (ten minutes in the switcher), and the last switches with
 * their reasons.
 *
 * <p>Bounded both ways: samples older than the window leave, and samples closer together than
 * {@code window / maxSamples} are merged, the newer one kept, so that a fast check interval
 * never grows the history past {@code maxSamples + 2}; only the last {@code maxSwitches}
 * switches are kept.
 *
 * <p>The monitor thread records; HTTP threads read copies. Time comes from the injected clock.
 */
public final class StatusHistory {
  /** The history the status page charts. */
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);
  /** Two samples a second over the default window. */
  public static final int DEFAULT_MAX_SAMPLES = 1200;
  public static final int DEFAULT_MAX_SWITCHES = 50;

  private final Clock clock;
  private final Duration window;
  private final Duration spacing;
  private final int maxSwitches;
  private final ArrayDeque<Sample> samples = new ArrayDeque<>();
  private final ArrayDeque<FailoverPolicy.Switch> switches = new ArrayDeque<>();

  public StatusHistory(Clock clock, Duration window, int maxSamples, int maxSwitches) {
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.window = Objects.requireNonNull(window, "window == null");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window <= 0: " + window);
    }
    if (maxSamples < 2) {
      throw new IllegalArgumentException("maxSamples < 2: " + maxSamples);
    }
    if (maxSwitches < 1) {
      throw new IllegalArgumentException("maxSwitches < 1: " + maxSwitches);
    }
    this.spacing = window.dividedBy(maxSamples);
    this.maxSwitches = maxSwitches;
  }

  /** The switcher's history: ten minutes, two samples a second, fifty switches. */
  public static StatusHistory defaults(Clock clock) {
    return new StatusHistory(clock, DEFAULT_WINDOW, DEFAULT_MAX_SAMPLES, DEFAULT_MAX_SWITCHES);
  }

  public Duration window() {
    return window;
  }

  /** Records the state {@code view} shows, as of now. */
  public synchronized void sample(Switcher.View view) {
    Duration[] ages = new Duration[Origin.values().length];
    boolean[] healthy = new boolean[ages.length];
    for (Switcher.OriginView origin : view.origins()) {
      ages[origin.origin().ordinal()] = origin.segmentAge();
      healthy[origin.origin().ordinal()] = origin.healthy();
    }
    // Milliseconds, as the page sees them: a page's "since" then names a sample exactly.
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Sample sample = new Sample(now, view.active(), ages[0], ages[1], healthy[0], healthy[1]);
    // The newest sample stands for the present until it is a spacing newer than the one
    // before it; then it stays, and the next sample takes its place as the present.
    if (samples.size() >= 2 && Duration.between(secondNewest().at(), samples.peekLast().at())
        .compareTo(spacing) < 0) {
      samples.pollLast();
    }
    samples.addLast(sample);
    prune(now);
  }

  /** Records a failover or switchback. */
  public synchronized void switched(FailoverPolicy.Switch change) {
    switches.addLast(Objects.requireNonNull(change, "change == null"));
    while (switches.size() > maxSwitches) {
      switches.pollFirst();
    }
  }

  /** The samples within the window, oldest first, only those after {@code since} if not null. */
  public synchronized List<Sample> samples(Instant since) {
    prune(clock.instant());
    List<Sample> result = new ArrayList<>(samples.size());
    for (Sample sample : samples) {
      if (since == null || sample.at().isAfter(since)) {
        result.add(sample);
      }
    }
    return result;
  }

  /** The last switches, oldest first. */
  public synchronized List<FailoverPolicy.Switch> switches() {
    return List.copyOf(switches);
  }

  private Sample secondNewest() {
    var it = samples.descendingIterator();
    it.next();
    return it.next();
  }

  private void prune(Instant now) {
    Instant oldest = now.minus(window);
    while (!samples.isEmpty() && samples.peekFirst().at().isBefore(oldest)) {
      samples.pollFirst();
    }
  }

  /**
   * The switcher at one moment.
   *
   * @param at when
   * @param active the origin players were served from
   * @param primaryAge the primary's segment age, or null when unknown
   * @param backupAge the backup's segment age, or null when unknown
   * @param primaryHealthy whether the primary was healthy
   * @param backupHealthy whether the backup was healthy
   */
  public record Sample(Instant at, Origin active, Duration primaryAge, Duration backupAge,
      boolean primaryHealthy, boolean backupHealthy) {
    public Sample {
      Objects.requireNonNull(at, "at == null");
      Objects.requireNonNull(active, "active == null");
    }
  }
}
