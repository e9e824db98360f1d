package io.streaminglab.switcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streaminglab.hls.MediaPlaylist;
import io.streaminglab.hls.MediaSegment;
import io.streaminglab.httpclient.HttpResult;
import io.streaminglab.probe.ProbeReport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The switcher in front of unaligned origins ({@link UnalignedLab}) when the primary is slow
 * rather than dead, and when both origins are down and then one returns: a slow origin costs
 * the player nothing, and with both down the playlist is a clear 503 until one is back, after
 * which players play again without the switcher being restarted.
 */
class UnalignedOriginsDegradedEndToEndTest extends UnalignedLabFixture {
  private static final Duration WAIT = UnalignedLab.WAIT;

  @Override
  void restoreMore() throws Exception {
    lab.backup.start();
    lab.awaitPrimaryFollowed();
  }

  @Test
  void theSwitcherSaysTheOriginsAreNotAlignedAndWhereInHealthAndMetrics() throws Exception {
    lab.awaitPrimaryFollowed();
    await().atMost(WAIT).until(() -> lab.switcher.view().alignment() != null);

    assertThat(lab.switcher.view().alignment().aligned()).isFalse();
    JsonNode health = new ObjectMapper().readTree(lab.get("/healthz").body());
    assertThat(health.path("aligned").asBoolean(true)).isFalse();
    // Our packager's seg-N.ts against ffmpeg's own names and numbers.
    assertThat(health.path("notAligned").asText()).containsAnyOf("segment ", "in common");
    assertThat(new String(lab.get("/metrics").body(), StandardCharsets.UTF_8))
        .contains("switcher_origins_aligned{switcher=\"switcher\"} 0.0");
  }

  @Test
  void aSlowUnalignedPrimaryCostsTheViewerNothing() throws Exception {
    lab.awaitPrimaryFollowed();
    long lastBefore = lab.switcher.view().playlist().lastSequence();
    CompletableFuture<ProbeReport> report = lab.play(Duration.ofSeconds(26));
    UnalignedLab.let(Duration.ofSeconds(6));
    lab.primary.mode(FaultyOrigin.Mode.SLOW);
    // The fault is real: the primary's playlist now takes the 300 ms FaultyOrigin adds.
    await().atMost(WAIT).until(() -> primaryPollTook(Duration.ofMillis(300)));
    UnalignedLab.let(Duration.ofSeconds(10));
    lab.primary.mode(FaultyOrigin.Mode.NORMAL);
    ProbeReport result = report.get();

    CleanPlayback.assertViewerSawNothing(result);
    assertThat(result.segments()).as(result.toJson()).isGreaterThanOrEqualTo(8);
    assertThat(lab.switcher.view().playlist().lastSequence()).isGreaterThan(lastBefore + 8);
  }

  private boolean primaryPollTook(Duration atLeast) {
    Switcher.OriginView primary = lab.switcher.view().origins()[0];
    return primary.lastPoll() != null
        && (!primary.lastPoll().succeeded()
            || primary.lastPoll().latency().compareTo(atLeast) >= 0);
  }

  @Test
  void withBothOriginsDownThePlaylistIsA503UntilOneReturnsThenPlayersPlayAgain()
      throws Exception {
    lab.awaitPrimaryFollowed();
    MediaPlaylist before = lab.switcher.view().playlist();
    lab.primary.stop();
    lab.backup.stop();
    await().atMost(WAIT).until(() -> lab.playlistStatus() == 503);
    HttpResult down = lab.get("/hls/index.m3u8");
    assertThat(down.header("Retry-After")).isEqualTo("2");
    assertThat(new String(down.body(), StandardCharsets.UTF_8))
        .contains("Both origins are down");

    // The unaligned backup returns alone: the switcher splices it in by date, unrestarted.
    lab.backup.start();
    await().atMost(WAIT).until(() -> lab.playlistStatus() == 200
        && lab.switcher.view().line() == Origin.BACKUP);
    MediaPlaylist after = lab.switcher.view().playlist();
    assertThat(lab.switcher.view().active()).isEqualTo(Origin.BACKUP);
    assertThat(after.lastSequence()).isGreaterThan(before.lastSequence());
    assertThat(after.mediaSequence()).isGreaterThanOrEqualTo(before.mediaSequence());
    assertThat(after.segments()).extracting(MediaSegment::uri).doesNotHaveDuplicates()
        .allMatch(name -> name.startsWith("seg-"));
    assertThat(after.discontinuitySequence() + after.segments().stream()
        .filter(MediaSegment::discontinuity).count())
        .isGreaterThan(before.discontinuitySequence());

    ProbeReport fresh = lab.play(Duration.ofSeconds(14)).get();
    CleanPlayback.assertViewerSawNothing(fresh);
    assertThat(fresh.segments()).as(fresh.toJson()).isGreaterThanOrEqualTo(4);
  }
}
