package io.streaminglab.switcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.streaminglab.hls.MediaPlaylist;
import io.streaminglab.hls.MediaSegment;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OriginWatchTest {
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private static final Duration FAST = Duration.ofMillis(5);
  private static final URI PLAYLIST = URI.create("http://127.0.0.1:8081/hls/index.m3u8");

  private static MediaPlaylist live(long last) {
    List<MediaSegment> segments = new ArrayList<>();
    for (long n = last - 5; n <= last; n++) {
      segments.add(new MediaSegment("seg-" + n + ".ts", 2, T0.plusSeconds(2 * n), false));
    }
    return new MediaPlaylist(3, 2, last - 5, 0, true, false, segments);
  }

  private final OriginWatch watch = new OriginWatch(Origin.PRIMARY, PLAYLIST, null);

  @Test
  void aGrowingPlaylistIsHealthy() {
    watch.onPoll(T0.plusSeconds(10), PollResult.ok(200, live(5), FAST));
    watch.onPoll(T0.plusSeconds(12), PollResult.ok(200, live(6), FAST));

    assertThat(watch.health(T0.plusSeconds(12)).healthy()).isTrue();
    assertThat(watch.segmentAge(T0.plusSeconds(13))).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void aPlaylistThatStopsGrowingForOneAndAHalfTargetDurationsIsStale() {
    watch.onPoll(T0, PollResult.ok(200, live(5), FAST));
    watch.onPoll(T0.plusMillis(2900), PollResult.ok(200, live(5), FAST));
    assertThat(watch.health(T0.plusMillis(2900)).healthy()).isTrue();

    watch.onPoll(T0.plusMillis(3100), PollResult.ok(200, live(5), FAST));

    assertThat(watch.health(T0.plusMillis(3100)).reason()).startsWith("stale");
  }

  @Test
  void failedPollsAreUnhealthyAndFiveHundredsAreCounted() {
    watch.onPoll(T0, PollResult.failed(503, "answered HTTP 503", FAST));
    watch.onPoll(T0.plusSeconds(1), PollResult.failed(0, "refused the connection", FAST));

    assertThat(watch.health(T0.plusSeconds(1)).reason()).isEqualTo("refused the connection");
    assertThat(watch.http5xx()).isEqualTo(1);
  }

  @Test
  void theSeedsSegmentAgeThresholdMakesAnOldPlaylistUnhealthy() {
    OriginWatch seed = new OriginWatch(Origin.BACKUP, PLAYLIST, Duration.ofSeconds(20));
    Instant late = T0.plusSeconds(2 * 5 + 25);
    seed.onPoll(late, PollResult.ok(200, live(5), FAST));

    assertThat(seed.health(late).reason()).contains("segment age 25 s");
  }

  @Test
  void anEndedPlaylistIsUnhealthy() {
    MediaPlaylist ended = new MediaPlaylist(3, 2, 0, 0, true, true, live(5).segments());
    watch.onPoll(T0, PollResult.ok(200, ended, FAST));

    assertThat(watch.health(T0).healthy()).isFalse();
  }

  @Test
  void aBrokenSegmentMakesTheOriginUnhealthyUntilThatSegmentIsFetchedWhole() {
    URI broken = PLAYLIST.resolve("seg-4.ts");
    watch.onPoll(T0.plusSeconds(12), PollResult.ok(200, live(5), FAST));

    assertThat(watch.segmentFailed(broken, "94007 bytes of /hls/seg-4.ts")).isTrue();
    assertThat(watch.health(T0.plusSeconds(12)).reason())
        .isEqualTo("served a broken segment (94007 bytes of /hls/seg-4.ts)");
    assertThat(watch.segmentFetched(PLAYLIST.resolve("seg-5.ts"))).isFalse();
    assertThat(watch.health(T0.plusSeconds(12)).healthy()).isFalse();

    assertThat(watch.segmentFetched(broken)).isTrue();
    assertThat(watch.health(T0.plusSeconds(12)).healthy()).isTrue();
    assertThat(watch.segmentToRecheck()).isNull();
  }

  @Test
  void onceTheBrokenSegmentLeftThePlaylistTheNewestOneDecides() {
    URI broken = PLAYLIST.resolve("seg-4.ts");
    watch.onPoll(T0.plusSeconds(12), PollResult.ok(200, live(5), FAST));
    watch.segmentFailed(broken, "truncated");
    assertThat(watch.segmentToRecheck()).isEqualTo(broken);

    watch.onPoll(T0.plusSeconds(24), PollResult.ok(200, live(11), FAST));

    assertThat(watch.segmentToRecheck()).isEqualTo(PLAYLIST.resolve("seg-11.ts"));
    assertThat(watch.segmentFailed(PLAYLIST.resolve("seg-11.ts"), "truncated")).isFalse();
    assertThat(watch.health(T0.plusSeconds(24)).healthy()).isFalse();
    assertThat(watch.segmentFetched(PLAYLIST.resolve("seg-11.ts"))).isTrue();
    assertThat(watch.health(T0.plusSeconds(24)).healthy()).isTrue();
  }
}
