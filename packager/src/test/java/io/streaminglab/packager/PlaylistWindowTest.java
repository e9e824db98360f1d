package io.streaminglab.packager;

import static org.assertj.core.api.Assertions.assertThat;

import io.streaminglab.hls.MediaPlaylist;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PlaylistWindowTest {
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

  private final PlaylistWindow window = new PlaylistWindow(6, Duration.ofSeconds(2));

  private static Segment segment(long sequence, long durationMillis, boolean discontinuity) {
    return new Segment(sequence, T0.plusSeconds(2 * sequence), durationMillis, discontinuity,
        new byte[188]);
  }

  @Test
  void theWindowSlidesAndTheMediaSequenceRisesByOnePerSegmentThatLeaves() {
    for (long n = 100; n < 110; n++) {
      window.add(segment(n, 2000, false), T0);
    }

    MediaPlaylist playlist = window.playlist();
    assertThat(playlist.segments()).hasSize(6);
    assertThat(playlist.mediaSequence()).isEqualTo(104);
    assertThat(playlist.segments().get(0).uri()).isEqualTo("seg-104.ts");
    assertThat(playlist.targetDurationSeconds()).isEqualTo(2);
    assertThat(playlist.independentSegments()).isTrue();
  }

  @Test
  void theDiscontinuitySequenceRisesWhenTheFirstSegmentFollowsADiscontinuity() {
    window.add(segment(1, 2000, false), T0);
    window.add(segment(2, 2000, false), T0);
    window.add(segment(3, 2000, true), T0);
    for (long n = 4; n <= 8; n++) {
      window.add(segment(n, 2000, false), T0);
    }
    assertThat(window.playlist().mediaSequence()).isEqualTo(3);
    assertThat(window.playlist().discontinuitySequence()).isEqualTo(1);
    assertThat(window.playlist().segments().get(0).discontinuity()).isFalse();

    window.add(segment(9, 2000, false), T0);

    assertThat(window.playlist().discontinuitySequence()).isEqualTo(1);
    assertThat(window.playlist().discontinuitySequenceAt(0)).isEqualTo(1);
  }

  @Test
  void aLongerSegmentRaisesTheTargetDurationForGood() {
    assertThat(window.add(segment(1, 2000, false), T0)).isFalse();
    assertThat(window.add(segment(2, 4000, false), T0)).isTrue();
    window.add(segment(3, 2000, false), T0);

    assertThat(window.playlist().targetDurationSeconds()).isEqualTo(4);
  }

  @Test
  void aRemovedSegmentIsDeletedOnlyAfterItsAvailabilityDuration() {
    for (long n = 1; n <= 7; n++) {
      window.add(segment(n, 2000, false), T0);
    }
    // seg-1 left at T0 with six 2 s segments listed: available for 2 s + 12 s.
    assertThat(window.expired(T0.plusSeconds(13))).isEmpty();
    assertThat(window.expired(T0.plusSeconds(14))).containsExactly("seg-1.ts");
    assertThat(window.expired(T0.plusSeconds(100))).isEmpty();
  }

  @Test
  void aNumberThatDoesNotFollowStartsTheWindowAfresh() {
    window.add(segment(1, 2000, false), T0);
    window.add(segment(2, 2000, false), T0);

    window.add(segment(50, 2000, false), T0);

    assertThat(window.playlist().mediaSequence()).isEqualTo(50);
    assertThat(window.playlist().segments()).hasSize(1);
  }

  @Test
  void leftoversOfAnEarlierRunAreDeletedAfterAWholeWindow() {
    window.adoptLeftover("seg-7.ts", T0);

    assertThat(window.expired(T0.plusSeconds(13))).isEmpty();
    assertThat(window.expired(T0.plusSeconds(14))).containsExactly("seg-7.ts");
  }
}
