package io.streaminglab.switcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PeerWatchTest {
  private final PeerWatch watch = new PeerWatch(List.of("switcher-primary", "switcher-backup"),
      2);

  @Test
  void aPeerIsUpUntilTwoPollsInARowFailAndUpAgainAfterTwoThatSucceed() {
    assertThat(watch.onPoll("switcher-backup", true)).isFalse();
    assertThat(watch.onPoll("switcher-backup", false)).isFalse();
    assertThat(watch.onPoll("switcher-backup", true)).as("one lost poll is no news").isFalse();
    assertThat(watch.onPoll("switcher-backup", false)).isFalse();
    assertThat(watch.onPoll("switcher-backup", false)).isTrue();
    assertThat(watch.up()).containsExactly(Map.entry("switcher-primary", true),
        Map.entry("switcher-backup", false));

    assertThat(watch.onPoll("switcher-backup", true)).isFalse();
    assertThat(watch.onPoll("switcher-backup", true)).isTrue();
    assertThat(watch.up().get("switcher-backup")).isTrue();
  }

  @Test
  void aPeerThatHasNotAnsweredYetIsStartingNotLost() {
    assertThat(watch.served("switcher-backup")).isFalse();
    watch.onPoll("switcher-backup", false);
    assertThat(watch.onPoll("switcher-backup", false)).isTrue();
    assertThat(watch.served("switcher-backup")).isFalse();

    watch.onPoll("switcher-backup", true);
    assertThat(watch.served("switcher-backup")).as("not up yet").isFalse();
    assertThat(watch.onPoll("switcher-backup", true)).isTrue();
    assertThat(watch.served("switcher-backup")).isTrue();

    watch.onPoll("switcher-backup", false);
    watch.onPoll("switcher-backup", false);
    assertThat(watch.served("switcher-backup")).as("served once, lost now").isTrue();
  }

  @Test
  void aPeerUpFromTheFirstPollHasServed() {
    watch.onPoll("switcher-primary", true);

    assertThat(watch.served("switcher-primary")).isTrue();
    assertThat(watch.served("switcher-backup")).isFalse();
  }

  @Test
  void anUnknownPathwayOrNoPatienceIsABug() {
    assertThatThrownBy(() -> watch.onPoll("switcher-tertiary", true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PeerWatch(List.of("a"), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
