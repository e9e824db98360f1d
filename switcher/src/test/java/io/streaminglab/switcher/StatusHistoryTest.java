package io.streaminglab.switcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streaminglab.switcher.FailoverPolicy.Switch;
import io.streaminglab.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusHistoryTest {
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

  private final ManualClock clock = new ManualClock(T0);
  private final StatusHistory history = StatusHistory.defaults(clock);

  /** A view with {@code active} serving and the given segment ages (null: unknown). */
  static Switcher.View view(Origin active, Duration primaryAge, Duration backupAge,
      boolean primaryHealthy) {
    return new Switcher.View(active, null, null, null, Map.of(), new Switcher.OriginView[] {
        new Switcher.OriginView(Origin.PRIMARY, active == Origin.PRIMARY, primaryHealthy,
            primaryHealthy ? "healthy" : "refused the connection", primaryAge, null, null, -1,
            -1, 0, 0),
        new Switcher.OriginView(Origin.BACKUP, active == Origin.BACKUP, true, "healthy",
            backupAge, null, null, -1, -1, 0, 0)}, 0, 0, null, null, null, null, null);
  }

  private void sampleEverySecond(int seconds, Origin active) {
    for (int i = 0; i < seconds; i++) {
      clock.advance(Duration.ofSeconds(1));
      history.sample(view(active, Duration.ofMillis(2100), Duration.ofMillis(2300), true));
    }
  }

  @Test
  void aSampleKeepsEachOriginsSegmentAgeHealthAndTheActiveOrigin() {
    history.sample(view(Origin.BACKUP, null, Duration.ofMillis(2500), false));

    List<StatusHistory.Sample> samples = history.samples(null);
    assertThat(samples).containsExactly(new StatusHistory.Sample(T0, Origin.BACKUP, null,
        Duration.ofMillis(2500), false, true));
  }

  @Test
  void samplesOlderThanTenMinutesLeave() {
    sampleEverySecond(900, Origin.PRIMARY);

    List<StatusHistory.Sample> samples = history.samples(null);
    assertThat(samples).hasSize(601);
    assertThat(samples.get(0).at()).isEqualTo(clock.instant().minus(Duration.ofMinutes(10)));
    assertThat(samples.get(samples.size() - 1).at()).isEqualTo(clock.instant());
  }

  @Test
  void historyLeavesWithTimeEvenWhenNothingIsSampled() {
    sampleEverySecond(10, Origin.PRIMARY);
    clock.advance(Duration.ofMinutes(11));

    assertThat(history.samples(null)).isEmpty();
  }

  @Test
  void aFastCheckIntervalNeverGrowsTheHistoryPastItsBound() {
    for (int i = 0; i < 20_000; i++) {
      clock.advance(Duration.ofMillis(100));
      history.sample(view(Origin.PRIMARY, Duration.ofSeconds(2), Duration.ofSeconds(2), true));
    }

    List<StatusHistory.Sample> samples = history.samples(null);
    assertThat(samples).hasSizeLessThanOrEqualTo(StatusHistory.DEFAULT_MAX_SAMPLES + 2)
        .hasSizeGreaterThan(StatusHistory.DEFAULT_MAX_SAMPLES / 2);
    assertThat(samples.get(samples.size() - 1).at()).as("the newest state is always kept")
        .isEqualTo(clock.instant());
    assertThat(Duration.between(samples.get(0).at(), clock.instant()))
        .isGreaterThan(Duration.ofMinutes(9));
  }

  @Test
  void sinceReturnsOnlyTheSamplesAfterIt() {
    sampleEverySecond(5, Origin.PRIMARY);
    Instant third = T0.plusSeconds(3);

    assertThat(history.samples(third)).extracting(StatusHistory.Sample::at)
        .containsExactly(T0.plusSeconds(4), T0.plusSeconds(5));
    assertThat(history.samples(clock.instant())).isEmpty();
  }

  @Test
  void theActiveOriginFollowsTheSwitches() {
    sampleEverySecond(3, Origin.PRIMARY);
    sampleEverySecond(3, Origin.BACKUP);

    assertThat(history.samples(null)).extracting(StatusHistory.Sample::active)
        .containsExactly(Origin.PRIMARY, Origin.PRIMARY, Origin.PRIMARY, Origin.BACKUP,
            Origin.BACKUP, Origin.BACKUP);
  }

  @Test
  void onlyTheLastSwitchesAreKeptOldestFirst() {
    StatusHistory small = new StatusHistory(clock, Duration.ofMinutes(10), 100, 3);
    for (int i = 0; i < 5; i++) {
      small.switched(new Switch(i % 2 == 0 ? Switch.Kind.FAILOVER : Switch.Kind.SWITCHBACK,
          i % 2 == 0 ? Origin.BACKUP : Origin.PRIMARY, "switch " + i, T0.plusSeconds(i)));
    }

    assertThat(small.switches()).extracting(Switch::reason)
        .containsExactly("switch 2", "switch 3", "switch 4");
  }

  @Test
  void settingsThatCannotWorkAreRefused() {
    assertThatThrownBy(() -> new StatusHistory(clock, Duration.ZERO, 10, 1))
        .hasMessageContaining("window");
    assertThatThrownBy(() -> new StatusHistory(clock, Duration.ofMinutes(1), 1, 1))
        .hasMessageContaining("maxSamples");
    assertThatThrownBy(() -> new StatusHistory(clock, Duration.ofMinutes(1), 10, 0))
        .hasMessageContaining("maxSwitches");
  }
}
