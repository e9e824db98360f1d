package io.streaminglab.switcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.streaminglab.hls.MediaPlaylist;
import io.streaminglab.hls.MediaSegment;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlaylistStitcherTest {
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private static final URI[] BASES = {URI.create("http://127.0.0.1:8081/hls/index.m3u8"),
      URI.create("http://127.0.0.1:8082/hls/index.m3u8")};

  private final PlaylistStitcher stitcher = new PlaylistStitcher(6);

  /** An epoch-locked origin's window ending at {@code last}: seg-N.ts dated T0 + 2N s. */
  private static MediaPlaylist aligned(long last, int size) {
    List<MediaSegment> segments = new ArrayList<>();
    for (long n = last - size + 1; n <= last; n++) {
      segments.add(new MediaSegment("seg-" + n + ".ts", 2.0, T0.plusSeconds(2 * n), false));
    }
    return new MediaPlaylist(3, 2, last - size + 1, 0, true, false, segments);
  }

  /** Another origin's own numbering and cut points: index-K.ts, 2 s, offset by 0.7 s. */
  private static MediaPlaylist unaligned(long firstK, int size, double offsetSeconds) {
    List<MediaSegment> segments = new ArrayList<>();
    for (long k = firstK; k < firstK + size; k++) {
      segments.add(new MediaSegment("index" + k + ".ts", 2.0,
          T0.plusMillis(Math.round((2 * k + offsetSeconds) * 1000)), false));
    }
    return new MediaPlaylist(3, 2, firstK, 0, true, false, segments);
  }

  private List<OutputSegment> update(Origin active, MediaPlaylist primary, MediaPlaylist backup) {
    return stitcher.update(active, new MediaPlaylist[] {primary, backup}, BASES, uri -> true);
  }

  @Test
  void alignedOriginsPassThroughWithTheirOwnNumbersAndBothAsSources() {
    update(Origin.PRIMARY, aligned(105, 6), aligned(105, 6));

    MediaPlaylist out = stitcher.playlist();
    assertThat(out.mediaSequence()).isEqualTo(100);
    assertThat(out.segments()).extracting(MediaSegment::uri).first().isEqualTo("seg-100.ts");
    assertThat(stitcher.segment(105).sources()).extracting(OutputSegment.Source::origin)
        .containsExactly(Origin.PRIMARY, Origin.BACKUP);
    assertThat(stitcher.segment(105).sources().get(1).uri())
        .isEqualTo(URI.create("http://127.0.0.1:8082/hls/seg-105.ts"));
  }

  @Test
  void twoStitchersStartedAtDifferentTimesInFrontOfTheSameOriginsWriteTheSamePlaylist() {
    // The origin's window carries discontinuities from publisher restarts: one counted in its
    // EXT-X-DISCONTINUITY-SEQUENCE, one still tagged, which a later stitcher's window skips.
    List<MediaSegment> early = new ArrayList<>(aligned(109, 10).segments());
    early.set(2, withDiscontinuity(early.get(2)));
    MediaPlaylist first = new MediaPlaylist(3, 2, 100, 4, true, false, early);
    update(Origin.PRIMARY, first, first);
    PlaylistStitcher late = new PlaylistStitcher(6);
    List<MediaSegment> later = new ArrayList<>(aligned(112, 10).segments());
    MediaPlaylist second = new MediaPlaylist(3, 2, 103, 5, true, false, later);
    update(Origin.PRIMARY, second, second);

    late.update(Origin.PRIMARY, new MediaPlaylist[] {second, second}, BASES, uri -> true);

    assertThat(io.streaminglab.hls.PlaylistWriter.write(late.playlist()))
        .isEqualTo(io.streaminglab.hls.PlaylistWriter.write(stitcher.playlist()));
    assertThat(late.playlist().discontinuitySequence()).isEqualTo(5);
  }

  private static MediaSegment withDiscontinuity(MediaSegment segment) {
    return new MediaSegment(segment.uri(), segment.durationSeconds(), segment.programDateTime(),
        true);
  }

  @Test
  void aSwitchBetweenAlignedOriginsAddsNoDiscontinuity() {
    update(Origin.PRIMARY, aligned(105, 6), aligned(105, 6));
    update(Origin.BACKUP, aligned(105, 6), aligned(107, 6));
    update(Origin.PRIMARY, aligned(109, 6), aligned(109, 6));

    MediaPlaylist out = stitcher.playlist();
    assertThat(out.lastSequence()).isEqualTo(109);
    assertThat(out.segments()).noneMatch(MediaSegment::discontinuity);
    assertThat(out.segments()).extracting(MediaSegment::uri)
        .containsExactly("seg-104.ts", "seg-105.ts", "seg-106.ts", "seg-107.ts", "seg-108.ts",
            "seg-109.ts");
  }

  @Test
  void aStaleActiveOriginIsInvisibleWhileTheOtherIsAligned() {
    update(Origin.PRIMARY, aligned(105, 6), aligned(105, 6));

    List<OutputSegment> added = update(Origin.PRIMARY, aligned(105, 6), aligned(107, 6));

    assertThat(added).extracting(OutputSegment::sequence).containsExactly(106L, 107L);
    assertThat(added.get(0).sources()).extracting(OutputSegment.Source::origin)
        .containsExactly(Origin.BACKUP);
  }

  @Test
  void aStitcherStartedLaterAdoptsAPeersNumberingWhereItsSegmentsAreTheOrigins() {
    // The peer's history: it spliced once (its numbers run 3 ahead of the origin's, its
    // discontinuity sequence is 7), and it still lists the origin's segments 100..105 by date.
    List<MediaSegment> peerSegments = new ArrayList<>();
    for (long n = 100; n <= 105; n++) {
      peerSegments.add(new MediaSegment("seg-" + (n + 3) + ".ts", 2.0, T0.plusSeconds(2 * n),
          n == 102));
    }
    MediaPlaylist peer = new MediaPlaylist(3, 2, 103, 7, true, false, peerSegments);

    stitcher.adopt(peer);
    update(Origin.PRIMARY, aligned(106, 10), aligned(106, 10));

    MediaPlaylist out = stitcher.playlist();
    assertThat(out.mediaSequence()).isEqualTo(104);
    assertThat(out.discontinuitySequence()).isEqualTo(7);
    assertThat(out.segments()).extracting(MediaSegment::programDateTime)
        .first().isEqualTo(T0.plusSeconds(2 * 101));
    assertThat(out.lastSequence()).isEqualTo(109);
    assertThat(out.segments()).extracting(MediaSegment::discontinuity)
        .containsExactly(false, true, false, false, false, false);
    assertThat(stitcher.segment(109).sources().get(0).uri())
        .isEqualTo(URI.create("http://127.0.0.1:8081/hls/seg-106.ts"));
  }

  @Test
  void aPeerWhoseSegmentsAreNotTheOriginsIsIgnored() {
    List<MediaSegment> elsewhere = new ArrayList<>();
    for (long n = 0; n < 6; n++) {
      elsewhere.add(new MediaSegment("seg-" + n + ".ts", 2.0, T0.plusMillis(333 + 2000 * n),
          false));
    }
    stitcher.adopt(new MediaPlaylist(3, 2, 0, 4, true, false, elsewhere));

    update(Origin.PRIMARY, aligned(105, 6), aligned(105, 6));

    assertThat(stitcher.playlist().mediaSequence()).isEqualTo(100);
    assertThat(stitcher.playlist().discontinuitySequence()).isZero();
  }

  /** seg-N.ts like {@link #aligned}, but cut {@code offsetMillis} later: another encoder. */
  private static MediaPlaylist sameNamesOtherCuts(long last, int size, long offsetMillis) {
    List<MediaSegment> segments = new ArrayList<>();
    for (long n = last - size + 1; n <= last; n++) {
      segments.add(new MediaSegment("seg-" + n + ".ts", 2.0,
          T0.plusSeconds(2 * n).plusMillis(offsetMillis), false));
    }
    return new MediaPlaylist(3, 2, last - size + 1, 0, true, false, segments);
  }

  @Test
  void originsThatNameSegmentsAlikeButCutThemAtOtherInstantsAreSplicedNotMixed() {
    update(Origin.PRIMARY, aligned(105, 6), sameNamesOtherCuts(105, 6, 480));

    List<OutputSegment> added = update(Origin.BACKUP, aligned(105, 6),
        sameNamesOtherCuts(107, 6, 480));

    assertThat(added).isNotEmpty();
    assertThat(added.get(0).discontinuity()).as("a splice, marked").isTrue();
    assertThat(added.get(0).programDateTime()).isEqualTo(T0.plusSeconds(2 * 106).plusMillis(480));
    assertThat(added).allSatisfy(segment -> assertThat(segment.sources())
        .extracting(OutputSegment.Source::origin).containsExactly(Origin.BACKUP));
  }

  @Test
  void aSwitchToAnUnalignedOriginSplicesByDateWithNothingLostOrRepeated() {
    update(Origin.PRIMARY, aligned(1005, 6), null);
    // The backup's cuts fall 0.7 s after the primary's: its segment starting at 2*1006+0.7 s
    // is the one nearest the end of the primary's last (2*1006 s).
    List<OutputSegment> added = update(Origin.BACKUP, null, unaligned(1002, 6, 0.7));

    assertThat(added).isNotEmpty();
    OutputSegment splice = added.get(0);
    assertThat(splice.sequence()).isEqualTo(1006);
    assertThat(splice.discontinuity()).isTrue();
    assertThat(splice.programDateTime()).isEqualTo(T0.plusMillis(2 * 1006 * 1000 + 700));
    assertThat(splice.sources().get(0).uri())
        .isEqualTo(URI.create("http://127.0.0.1:8082/hls/index1006.ts"));
    assertThat(added).extracting(OutputSegment::sequence).containsExactly(1006L, 1007L);
    assertThat(added.get(1).discontinuity()).isFalse();
    assertThat(stitcher.playlist().segments()).extracting(MediaSegment::uri)
        .doesNotHaveDuplicates();
  }

  @Test
  void theOutputFollowsTheNewOriginsNumberingAfterASplice() {
    update(Origin.PRIMARY, aligned(1005, 6), null);
    update(Origin.BACKUP, null, unaligned(1002, 6, 0.7));

    List<OutputSegment> added = update(Origin.BACKUP, null, unaligned(1004, 6, 0.7));

    assertThat(added).extracting(OutputSegment::sequence).containsExactly(1008L, 1009L);
    assertThat(added.get(1).sources().get(0).uri().getPath()).isEqualTo("/hls/index1009.ts");
  }

  @Test
  void anOriginThatRestartsItsNumberingIsSplicedAsADiscontinuity() {
    update(Origin.PRIMARY, aligned(105, 6), null);
    // The same origin now numbers from 0 with other names: seg-0.ts..., dated after 105's end.
    List<MediaSegment> restarted = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      restarted.add(new MediaSegment("new-" + i + ".ts", 2.0, T0.plusSeconds(2 * 106 + 2 * i),
          i == 0));
    }
    List<OutputSegment> added = update(Origin.PRIMARY,
        new MediaPlaylist(3, 2, 0, 0, true, false, restarted), null);

    assertThat(added).extracting(OutputSegment::sequence).containsExactly(106L, 107L, 108L);
    assertThat(added.get(0).discontinuity()).isTrue();
    assertThat(stitcher.playlist().mediaSequence()).isEqualTo(103);
  }

  @Test
  void theDiscontinuitySequenceFollowsTheWindowAsItSlides() {
    update(Origin.PRIMARY, aligned(1005, 6), null);
    update(Origin.BACKUP, null, unaligned(1002, 6, 0.7));
    assertThat(stitcher.playlist().discontinuitySequence()).isZero();

    for (long first = 1004; first <= 1012; first += 2) {
      update(Origin.BACKUP, null, unaligned(first, 6, 0.7));
    }

    MediaPlaylist out = stitcher.playlist();
    assertThat(out.segments()).noneMatch(MediaSegment::discontinuity);
    assertThat(out.discontinuitySequence()).isEqualTo(1);
  }

  @Test
  void anOriginsOwnDiscontinuityIsKept() {
    update(Origin.PRIMARY, aligned(105, 6), aligned(105, 6));
    MediaPlaylist withRestart = aligned(106, 6);
    List<MediaSegment> segments = new ArrayList<>(withRestart.segments());
    MediaSegment last = segments.remove(segments.size() - 1);
    segments.add(last.withDiscontinuity(true));

    update(Origin.PRIMARY, new MediaPlaylist(3, 2, 101, 0, true, false, segments), null);

    assertThat(stitcher.segment(106).discontinuity()).isTrue();
  }

  @Test
  void untilTheNewlyActiveOriginCanBeSplicedTheOriginFollowedSoFarKeepsTheOutputGrowing() {
    update(Origin.BACKUP, null, unaligned(1000, 6, 0.7));
    // The primary returns; its newest segment still ends before the output's end.
    MediaPlaylist primaryBehind = aligned(1004, 6);

    List<OutputSegment> added = update(Origin.PRIMARY, primaryBehind, unaligned(1001, 6, 0.7));

    assertThat(added).extracting(OutputSegment::sequence).containsExactly(1006L);
    assertThat(added.get(0).sources().get(0).origin()).isEqualTo(Origin.BACKUP);
    assertThat(added.get(0).discontinuity()).isFalse();

    List<OutputSegment> spliced = update(Origin.PRIMARY, aligned(1008, 6),
        unaligned(1002, 6, 0.7));
    assertThat(spliced.get(0).discontinuity()).isTrue();
    assertThat(spliced.get(0).sources().get(0).origin()).isEqualTo(Origin.PRIMARY);
  }

  @Test
  void aFailoverToAnAlignedOriginWhoseWindowNoLongerOverlapsTheDeadOnesAddsNoDiscontinuity() {
    update(Origin.PRIMARY, aligned(105, 6), aligned(105, 6));
    // The primary dies; the backup's window keeps growing and is taken from (aligned union).
    update(Origin.PRIMARY, aligned(105, 6), aligned(108, 6));
    // Much later the primary's last playlist shares no number with the backup's window.
    List<OutputSegment> added = update(Origin.BACKUP, aligned(105, 6), aligned(114, 6));

    assertThat(added).extracting(OutputSegment::sequence)
        .containsExactly(109L, 110L, 111L, 112L, 113L, 114L);
    assertThat(added).noneMatch(OutputSegment::discontinuity);
  }

  @Test
  void aFrozenActiveOriginDoesNotFreezeTheOutputWhileTheAlignedOtherGrows() {
    update(Origin.PRIMARY, aligned(364, 6), aligned(364, 6));

    for (long last = 365; last <= 370; last++) {
      List<OutputSegment> added = update(Origin.PRIMARY, aligned(364, 6), aligned(last, 6));
      assertThat(added).as("after the backup listed %d", last).extracting(OutputSegment::sequence)
          .containsExactly(last);
    }
    assertThat(stitcher.playlist().segments()).noneMatch(MediaSegment::discontinuity);
  }

  @Test
  void theFirstSegmentNeverCarriesADiscontinuityTag() {
    update(Origin.PRIMARY, aligned(1005, 6), null);
    update(Origin.BACKUP, null, unaligned(1002, 6, 0.7));
    for (long first = 1004; first <= 1006; first += 2) {
      update(Origin.BACKUP, null, unaligned(first, 6, 0.7));
    }
    MediaPlaylist out = stitcher.playlist();

    assertThat(out.segments().get(0).discontinuity()).isFalse();
  }

  @Test
  void anActiveOriginBehindTheOutputAddsNothingUntilItCatchesUp() {
    update(Origin.PRIMARY, aligned(1005, 6), null);

    assertThat(update(Origin.BACKUP, null, unaligned(990, 6, 0.7))).isEmpty();
    assertThat(stitcher.playlist().lastSequence()).isEqualTo(1005);
  }

  @Test
  void afterASpliceTheOldOriginsSegmentsUnderTheSameNumbersAreNeverTaken() {
    update(Origin.PRIMARY, aligned(105, 6), null);
    // The backup numbers the same times three lower: its index103.ts starts at 212.7 s, where
    // the stale primary's seg-106.ts would have.
    List<OutputSegment> added = update(Origin.BACKUP, aligned(105, 6), unaligned(103, 6, 6.7));

    assertThat(added).extracting(OutputSegment::sequence)
        .containsExactly(106L, 107L, 108L, 109L, 110L, 111L);
    assertThat(added).allSatisfy(segment -> assertThat(segment.sources())
        .extracting(OutputSegment.Source::origin).containsExactly(Origin.BACKUP));
  }
}
