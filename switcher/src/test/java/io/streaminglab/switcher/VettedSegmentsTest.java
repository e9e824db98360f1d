package io.streaminglab.switcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VettedSegmentsTest {
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private static final OutputSegment.Source A = new OutputSegment.Source(Origin.PRIMARY,
      URI.create("http://127.0.0.1:8081/hls/seg-1.ts"));
  private static final OutputSegment.Source B = new OutputSegment.Source(Origin.PRIMARY,
      URI.create("http://127.0.0.1:8081/hls/seg-2.ts"));

  private static final OutputSegment.Source C = new OutputSegment.Source(Origin.BACKUP,
      URI.create("http://127.0.0.1:8082/hls/seg-3.ts"));

  private final VettedSegments vetted = new VettedSegments(Duration.ofSeconds(1));

  @Test
  void aSegmentIsFetchedOnceWhileInFlightAndIsWholeOnlyAfterItsBytesCame() {
    assertThat(vetted.due(List.of(A, B), T0)).containsExactly(A, B);
    assertThat(vetted.due(List.of(A, B), T0.plusSeconds(5))).isEmpty();
    assertThat(vetted.whole(A.uri())).isFalse();

    vetted.fetched(A.uri(), new byte[] {0x47});

    assertThat(vetted.whole(A.uri())).isTrue();
    assertThat(vetted.whole(B.uri())).isFalse();
  }

  @Test
  void aFailedSegmentIsTriedAgainOnlyAfterTheRetryDelay() {
    vetted.due(List.of(A), T0);
    vetted.failed(A.uri(), T0.plusMillis(100));

    assertThat(vetted.whole(A.uri())).isFalse();
    assertThat(vetted.due(List.of(A), T0.plusMillis(1099))).isEmpty();
    assertThat(vetted.due(List.of(A), T0.plusMillis(1100))).containsExactly(A);
  }

  @Test
  void takingTheBytesHandsThemOverOnce() {
    vetted.due(List.of(A), T0);
    vetted.fetched(A.uri(), new byte[] {0x47});

    assertThat(vetted.take(A.uri())).containsExactly(0x47);
    assertThat(vetted.take(A.uri())).isNull();
    assertThat(vetted.whole(A.uri())).isFalse();
  }

  @Test
  void whatNoOriginListsIsForgottenButNotWhatIsInFlight() {
    vetted.due(List.of(A, B), T0);
    vetted.fetched(A.uri(), new byte[] {0x47});

    vetted.retain(Set.of());

    assertThat(vetted.size()).isEqualTo(1);
    vetted.fetched(B.uri(), new byte[] {0x47});
    assertThat(vetted.whole(B.uri())).isTrue();
  }

  @Test
  void anAnswerForAForgottenSegmentIsDropped() {
    vetted.fetched(A.uri(), new byte[] {0x47});
    vetted.failed(B.uri(), T0);

    assertThat(vetted.size()).isZero();
  }

  @Test
  void pastTheByteLimitTheSegmentsThatCameWholeFirstAreDroppedFirst() {
    VettedSegments small = new VettedSegments(Duration.ofSeconds(1), 250);
    small.due(List.of(A, B, C), T0);
    small.fetched(B.uri(), new byte[100]);
    small.fetched(A.uri(), new byte[100]);

    small.fetched(C.uri(), new byte[100]);

    assertThat(small.whole(B.uri())).isFalse();
    assertThat(small.whole(A.uri())).isTrue();
    assertThat(small.whole(C.uri())).isTrue();
    assertThat(small.bytes()).isEqualTo(200);
    assertThat(small.due(List.of(A, B, C), T0)).as("a dropped segment is fetched again")
        .containsExactly(B);
  }

  @Test
  void segmentsInFlightOrFailedDoNotCountAgainstTheLimitAndAreNotDropped() {
    VettedSegments small = new VettedSegments(Duration.ofSeconds(1), 150);
    small.due(List.of(A, B, C), T0);
    small.failed(A.uri(), T0);
    small.fetched(B.uri(), new byte[100]);

    small.fetched(C.uri(), new byte[100]);

    assertThat(small.whole(B.uri())).isFalse();
    assertThat(small.whole(C.uri())).isTrue();
    assertThat(small.bytes()).isEqualTo(100);
    assertThat(small.due(List.of(A), T0.plusMillis(500))).as("A still waits for its retry")
        .isEmpty();
  }

  @Test
  void aSegmentLargerThanTheLimitIsNotKept() {
    VettedSegments small = new VettedSegments(Duration.ofSeconds(1), 50);
    small.due(List.of(A), T0);

    small.fetched(A.uri(), new byte[100]);

    assertThat(small.whole(A.uri())).isFalse();
    assertThat(small.bytes()).isZero();
  }

  @Test
  void takingAndForgettingGiveTheirBytesBack() {
    vetted.due(List.of(A, B), T0);
    vetted.fetched(A.uri(), new byte[100]);
    vetted.fetched(B.uri(), new byte[30]);
    assertThat(vetted.bytes()).isEqualTo(130);

    vetted.take(A.uri());
    assertThat(vetted.bytes()).isEqualTo(30);
    vetted.retain(Set.of());
    assertThat(vetted.bytes()).isZero();
  }
}
