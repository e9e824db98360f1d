package io.streaminglab.switcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.streaminglab.hls.MediaPlaylist;
import io.streaminglab.hls.MediaSegment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OriginAlignmentTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  private final OriginAlignment alignment = new OriginAlignment();

  /** Segments first..last, seg-N.ts dated N * 2 s after T0 plus {@code offsetMillis}. */
  private static MediaPlaylist playlist(long first, long last, long offsetMillis) {
    List<MediaSegment> segments = new ArrayList<>();
    for (long n = first; n <= last; n++) {
      segments.add(new MediaSegment("seg-" + n + ".ts", 2.0,
          T0.plusSeconds(2 * n).plusMillis(offsetMillis), false));
    }
    return new MediaPlaylist(3, 2, first, 0, true, false, segments);
  }

  private OriginAlignment.Verdict at(long seconds, MediaPlaylist primary, MediaPlaylist backup,
      boolean bothHealthy) {
    return alignment.update(T0.plusSeconds(seconds), primary, backup, bothHealthy);
  }

  @Test
  void theSameNamesAndDatesWhereverBothListANumberAreAlignedOnceTheVerdictHasHeld() {
    MediaPlaylist primary = playlist(10, 15, 0);
    MediaPlaylist backupOneBehind = playlist(9, 14, 0);
    assertThat(at(0, primary, backupOneBehind, true)).isNull();
    assertThat(at(3, primary, backupOneBehind, true)).isNull();

    OriginAlignment.Verdict verdict = at(OriginAlignment.SETTLE.toSeconds(), primary,
        backupOneBehind, true);

    assertThat(verdict).isEqualTo(new OriginAlignment.Verdict(true, ""));
    assertThat(alignment.reported()).isEqualTo(verdict);
    assertThat(at(20, primary, backupOneBehind, true)).as("no news").isNull();
  }

  @Test
  void datesThatDifferSayWhichSegmentAndBothDates() {
    OriginAlignment.Verdict verdict = OriginAlignment.judge(playlist(10, 15, 0),
        playlist(10, 15, 480));

    assertThat(verdict.aligned()).isFalse();
    assertThat(verdict.why()).isEqualTo("segment 10 is dated 2026-12-07T10:00:20Z on the "
        + "primary and 2026-12-07T10:00:20.480Z on the backup");
  }

  @Test
  void playlistsWithoutANumberInCommonAreNotAlignedAndSayTheirRanges() {
    OriginAlignment.Verdict verdict = OriginAlignment.judge(playlist(10, 15, 0),
        playlist(40, 45, 0));

    assertThat(verdict.why()).isEqualTo(
        "they list no sequence number in common (primary 10..15, backup 40..45)");
  }

  @Test
  void anOriginThatIsNotHealthyIsNotJudgedAndResetsAPendingVerdict() {
    MediaPlaylist primary = playlist(10, 15, 0);
    MediaPlaylist stale = playlist(2, 7, 0);
    at(0, primary, playlist(10, 15, 0), true);
    at(10, primary, playlist(10, 15, 0), true);
    assertThat(alignment.reported().aligned()).isTrue();

    // A stopped packager leaves a stale playlist: not news about alignment.
    assertThat(at(12, primary, stale, false)).isNull();
    assertThat(at(30, primary, stale, false)).isNull();
    assertThat(at(31, primary, null, true)).isNull();
    assertThat(alignment.reported().aligned()).isTrue();

    // A disagreement that does not hold for the settle time is not reported either.
    assertThat(at(40, primary, playlist(10, 15, 300), true)).isNull();
    assertThat(at(42, primary, playlist(10, 15, 0), true)).isNull();
    assertThat(at(50, primary, playlist(10, 15, 300), true)).isNull();
    assertThat(at(52, primary, playlist(10, 15, 300), false)).isNull();
    assertThat(at(58, primary, playlist(10, 15, 300), true)).isNull();
  }

  @Test
  void originsThatDriftApartAndBackAreReportedEachTime() {
    MediaPlaylist primary = playlist(10, 15, 0);
    at(0, primary, playlist(10, 15, 0), true);
    at(6, primary, playlist(10, 15, 0), true);

    at(10, primary, playlist(10, 15, 3000), true);
    OriginAlignment.Verdict apart = at(16, primary, playlist(10, 15, 3000), true);
    assertThat(apart.aligned()).isFalse();
    assertThat(apart.why()).startsWith("segment 10 is dated");

    at(20, primary, playlist(10, 15, 0), true);
    assertThat(at(20 + OriginAlignment.SETTLE.toSeconds() - 1, primary, playlist(10, 15, 0),
        true)).isNull();
    assertThat(at(26, primary, playlist(10, 15, 0), true).aligned()).isTrue();
  }
}
