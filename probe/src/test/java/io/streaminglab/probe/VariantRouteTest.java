package io.streaminglab.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.streaminglab.hls.ContentSteering;
import io.streaminglab.hls.MultivariantPlaylist;
import io.streaminglab.hls.VariantStream;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which URI of which variant the probe plays, and when it moves. */
class VariantRouteTest {
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private static final URI BASE = URI.create("http://127.0.0.1:9000/hls/live.m3u8");
  private static final VariantStream HIGH = new VariantStream(
      "http://127.0.0.1:8080/hls/index.m3u8", 1_200_000L, 900_000L, "640x360",
      "avc1.64001e,mp4a.40.2", 25.0, "primary");
  private static final VariantStream LOW = new VariantStream("low/index.m3u8", 400_000L, null,
      "320x180", "avc1.64000d,mp4a.40.2", 25.0, "primary");

  private static MultivariantPlaylist redundant(String startPathway) {
    return new MultivariantPlaylist(3, true,
        startPathway == null ? null : new ContentSteering("steering.json", startPathway),
        List.of(LOW, HIGH, LOW.at("http://127.0.0.1:8083/hls/low/index.m3u8", "backup"),
            HIGH.at("http://127.0.0.1:8083/hls/index.m3u8", "backup")));
  }

  @Test
  void choosesTheHighestBandwidthThatFitsAndItsCopyOnEveryPathway() {
    VariantRoute route = VariantRoute.of(redundant(null), BASE, Long.MAX_VALUE);

    assertThat(route.candidates()).containsExactly(
        new VariantRoute.Candidate(URI.create("http://127.0.0.1:8080/hls/index.m3u8"), "primary"),
        new VariantRoute.Candidate(URI.create("http://127.0.0.1:8083/hls/index.m3u8"), "backup"));
    assertThat(route.current().pathwayId()).isEqualTo("primary");
    assertThat(route.multivariant()).isTrue();
  }

  @Test
  void aLimitBelowTheHighestPicksTheLowerVariantResolvedAgainstTheMultivariantUrl() {
    VariantRoute route = VariantRoute.of(redundant(null), BASE, 1_000_000);

    assertThat(route.current().uri())
        .isEqualTo(URI.create("http://127.0.0.1:9000/hls/low/index.m3u8"));
    assertThat(VariantRoute.of(redundant(null), BASE, 1).current().uri())
        .as("none fits: the lowest").isEqualTo(route.current().uri());
  }

  @Test
  void startsOnTheSteeringTagsPathway() {
    assertThat(VariantRoute.of(redundant("backup"), BASE, Long.MAX_VALUE).current().pathwayId())
        .isEqualTo("backup");
    assertThat(VariantRoute.of(redundant("nowhere"), BASE, Long.MAX_VALUE).current()
        .pathwayId()).isEqualTo("primary");
  }

  @Test
  void variantsWithoutPathwayAreOnTheDefaultPathway() {
    MultivariantPlaylist plain = new MultivariantPlaylist(3, false, null, List.of(
        new VariantStream("a/index.m3u8", 1, null, null, null, null, null),
        new VariantStream("b/index.m3u8", 1, null, null, null, null, null)));

    VariantRoute route = VariantRoute.of(plain, BASE, Long.MAX_VALUE);

    assertThat(route.candidates()).extracting(VariantRoute.Candidate::pathwayId)
        .containsExactly(".", ".");
    assertThat(route.failed("HTTP_404", T0, T0)).isTrue();
    assertThat(route.current().uri().getPath()).isEqualTo("/hls/b/index.m3u8");
  }

  @Test
  void aFailureMovesToTheNextCandidateAndTheFailoverLastsUntilItServesASegment() {
    VariantRoute route = VariantRoute.of(redundant(null), BASE, Long.MAX_VALUE);
    VariantRoute.Candidate primary = route.current();

    assertThat(route.failed("CONNECT_REFUSED", T0, T0.plusMillis(5))).isTrue();
    VariantRoute.Candidate backup = route.current();
    assertThat(backup.pathwayId()).isEqualTo("backup");
    route.segmentServed(primary, 41, T0.plusMillis(100));
    assertThat(route.failovers()).singleElement()
        .satisfies(f -> assertThat(f.completed()).as("a late segment of the old URI").isFalse());
    route.segmentServed(backup, 42, T0.plusMillis(250));

    Failover failover = route.failovers().get(0);
    assertThat(failover.cause()).isEqualTo("CONNECT_REFUSED");
    assertThat(failover.fromPathway()).isEqualTo("primary");
    assertThat(failover.toUri()).isEqualTo("http://127.0.0.1:8083/hls/index.m3u8");
    assertThat(failover.firstSequence()).isEqualTo(42);
    assertThat(failover.seconds()).isEqualTo(0.25);
    assertThat(failover.hops()).isEqualTo(1);
  }

  @Test
  void failingAgainBeforeASegmentArrivesIsOneFailoverWithAnotherHop() {
    VariantRoute route = VariantRoute.of(redundant(null), BASE, Long.MAX_VALUE);
    route.failed("HTTP_503", T0, T0);
    route.failed("CONNECT_REFUSED", T0.plusMillis(10), T0.plusMillis(10));

    assertThat(route.current().pathwayId()).as("both penalised: the next one anyway")
        .isEqualTo("primary");
    route.segmentServed(route.current(), 7, T0.plusSeconds(1));
    assertThat(route.failovers()).singleElement().satisfies(f -> {
      assertThat(f.cause()).isEqualTo("HTTP_503");
      assertThat(f.hops()).isEqualTo(2);
      assertThat(f.seconds()).isEqualTo(1.0);
    });
  }

  @Test
  void onlyWhenEveryCandidateFailedLatelyIsTheOneMovedToPenalised() {
    VariantRoute route = VariantRoute.of(redundant(null), BASE, Long.MAX_VALUE);
    route.failed("CONNECT_REFUSED", T0, T0);
    assertThat(route.currentPenalised(T0)).as("the backup has not failed").isFalse();

    route.failed("CONNECT_REFUSED", T0.plusMillis(1), T0.plusMillis(1));
    assertThat(route.currentPenalised(T0.plusMillis(1))).as("both down").isTrue();
    assertThat(route.currentPenalised(T0.plus(VariantRoute.PENALTY))).as("penalty over")
        .isFalse();
  }

  @Test
  void steeringMovesToTheFirstPathwayOfThePriorityThatIsNotPenalised() {
    VariantRoute route = VariantRoute.of(redundant(null), BASE, Long.MAX_VALUE);

    assertThat(route.steer(List.of("primary", "backup"), T0)).isFalse();
    assertThat(route.steer(List.of("elsewhere", "backup", "primary"), T0)).isTrue();
    assertThat(route.current().pathwayId()).isEqualTo("backup");
    route.segmentServed(route.current(), 9, T0.plusMillis(300));
    assertThat(route.failovers()).singleElement().satisfies(f -> {
      assertThat(f.cause()).isEqualTo(Failover.STEERING);
      assertThat(f.seconds()).isEqualTo(0.3);
    });

    route.failed("HTTP_503", T0.plusSeconds(1), T0.plusSeconds(1));
    assertThat(route.current().pathwayId()).isEqualTo("primary");
    assertThat(route.steer(List.of("backup", "primary"), T0.plusSeconds(2)))
        .as("backup is penalised").isFalse();
    assertThat(route.steer(List.of("backup", "primary"),
        T0.plusSeconds(1).plus(VariantRoute.PENALTY))).as("until its penalty ends").isTrue();
  }

  @Test
  void aMediaPlaylistPlayedDirectlyHasNothingToMoveTo() {
    VariantRoute route = VariantRoute.single(URI.create("http://127.0.0.1:8080/hls/index.m3u8"));

    assertThat(route.hasAlternative()).isFalse();
    assertThat(route.failed("HTTP_503", T0, T0)).isFalse();
    assertThat(route.failovers()).isEmpty();
    assertThat(route.multivariant()).isFalse();
  }
}
