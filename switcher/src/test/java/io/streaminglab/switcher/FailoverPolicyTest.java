package io.streaminglab.switcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.streaminglab.switcher.FailoverPolicy.Health;
import io.streaminglab.switcher.FailoverPolicy.Switch;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FailoverPolicyTest {
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private static final Health BAD = Health.bad("refused");

  private final FailoverPolicy policy = new FailoverPolicy(2, Duration.ofSeconds(10));
  private Instant now = T0;

  private Switch check(Health primary, Health backup) {
    now = now.plusSeconds(1);
    return policy.check(now, primary, backup);
  }

  @Test
  void failsOverAfterTheRequiredBadChecksInARowWhenTheBackupIsHealthy() {
    assertThat(check(BAD, Health.GOOD)).isNull();
    Switch failover = check(BAD, Health.GOOD);

    assertThat(failover.kind()).isEqualTo(Switch.Kind.FAILOVER);
    assertThat(failover.to()).isEqualTo(Origin.BACKUP);
    assertThat(failover.reason()).contains("primary refused for 2 checks");
    assertThat(policy.active()).isEqualTo(Origin.BACKUP);
  }

  @Test
  void aSingleBadCheckBetweenGoodOnesChangesNothing() {
    for (int i = 0; i < 10; i++) {
      assertThat(check(i % 2 == 0 ? BAD : Health.GOOD, Health.GOOD)).isNull();
    }
    assertThat(policy.active()).isEqualTo(Origin.PRIMARY);
  }

  @Test
  void staysWhenBothAreDown() {
    for (int i = 0; i < 5; i++) {
      assertThat(check(BAD, BAD)).isNull();
    }
    assertThat(policy.active()).isEqualTo(Origin.PRIMARY);
  }

  @Test
  void switchesBackOnlyAfterSustainedHealthAndTheMinimumDwell() {
    check(BAD, Health.GOOD);
    check(BAD, Health.GOOD);
    Instant failedOverAt = now;

    // The primary recovers at once, but the dwell time holds the backup.
    while (Duration.between(failedOverAt, now).compareTo(Duration.ofSeconds(9)) < 0) {
      assertThat(check(Health.GOOD, Health.GOOD)).isNull();
    }
    Switch back = check(Health.GOOD, Health.GOOD);

    assertThat(back).isNotNull();
    assertThat(back.kind()).isEqualTo(Switch.Kind.SWITCHBACK);
    assertThat(Duration.between(failedOverAt, back.at())).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void aFlappingPrimaryNeverGetsTheTrafficBack() {
    check(BAD, Health.GOOD);
    check(BAD, Health.GOOD);
    for (int i = 0; i < 60; i++) {
      assertThat(check(i % 2 == 0 ? Health.GOOD : BAD, Health.GOOD)).isNull();
    }
    assertThat(policy.active()).isEqualTo(Origin.BACKUP);
  }

  @Test
  void aFailingBackupHandsBackToAHealthyPrimaryWithoutWaitingForTheDwell() {
    check(BAD, Health.GOOD);
    check(BAD, Health.GOOD);

    check(Health.GOOD, BAD);
    Switch back = check(Health.GOOD, BAD);

    assertThat(back.kind()).isEqualTo(Switch.Kind.SWITCHBACK);
    assertThat(back.reason()).contains("backup refused");
  }

  @Test
  void aPinHoldsTheOriginUntilReleased() {
    Switch pinned = policy.pin(Origin.BACKUP, now);
    assertThat(pinned.reason()).contains("pinned");
    for (int i = 0; i < 5; i++) {
      assertThat(check(Health.GOOD, BAD)).isNull();
    }
    assertThat(policy.active()).isEqualTo(Origin.BACKUP);

    // The pinned backup's failures counted all along: released, it hands over at once.
    policy.release();
    assertThat(check(Health.GOOD, BAD).to()).isEqualTo(Origin.PRIMARY);
  }

  @Test
  void aForcedSwitchLetsThePolicyDecideAfterwards() {
    Switch forced = policy.force(Origin.BACKUP, now);
    assertThat(forced.kind()).isEqualTo(Switch.Kind.FAILOVER);
    assertThat(policy.lastSwitch()).isEqualTo(forced);
    assertThat(policy.force(Origin.BACKUP, now)).isNull();
  }

  @Test
  void theSeedSettingsWorkToo() {
    FailoverPolicy seed = new FailoverPolicy(3, Duration.ofSeconds(15));
    Instant t = T0;
    Switch result = null;
    for (int i = 0; i < 3; i++) {
      t = t.plusSeconds(5);
      result = seed.check(t, BAD, Health.GOOD);
    }
    assertThat(result).isNotNull();
    assertThat(result.at()).isEqualTo(T0.plusSeconds(15));
  }
}
