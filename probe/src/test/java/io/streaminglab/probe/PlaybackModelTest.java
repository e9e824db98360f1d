package io.streaminglab.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streaminglab.hls.MediaPlaylist;
import io.streaminglab.hls.MediaSegment;
import io.streaminglab.probe.PlaybackModel.State;
import io.streaminglab.probe.ProbeEvent.Type;
import io.streaminglab.testkit.ManualClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The player's decisions and the viewer's experience, on a clock that moves only when told. */
class PlaybackModelTest {
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private static final ProbeConfig CONFIG = ProbeConfig.of(
      URI.create("http://127.0.0.1:8080/hls/index.m3u8"), Duration.ofMinutes(1));

  private final ManualClock clock = new ManualClock(T0);
  private final List<ProbeEvent> events = new ArrayList<>();
  private PlaybackModel model = new PlaybackModel(CONFIG, clock, events::add);

  @Test
  void startsThreeSegmentsFromTheLiveEdgeAndFetchesEachInOrder() {
    load(live(10, 15));

    assertThat(fetchAndLoad().sequence()).isEqualTo(13);
    assertThat(fetchAndLoad().sequence()).isEqualTo(14);
    assertThat(fetchAndLoad().sequence()).isEqualTo(15);
    assertThat(model.nextSegment()).isEmpty();
  }

  @Test
  void onlyOneSegmentIsInFlightAtATime() {
    load(live(10, 15));

    SegmentRequest first = model.nextSegment().orElseThrow();

    assertThat(model.nextSegment()).isEmpty();
    model.segmentLoaded(first, 100);
    assertThat(model.nextSegment()).hasValueSatisfying(r -> assertThat(r.sequence()).isEqualTo(14));
  }

  @Test
  void playbackStartsOnceTheStartSegmentsAreBuffered() {
    load(live(10, 15));
    fetchAndLoad();
    fetchAndLoad();
    assertThat(model.state()).isEqualTo(State.BUFFERING);

    clock.advanceMillis(300);
    fetchAndLoad();

    assertThat(model.state()).isEqualTo(State.PLAYING);
    assertThat(model.bufferSeconds()).isEqualTo(6.0);
    assertThat(events).extracting(ProbeEvent::type).containsExactly(Type.PLAYBACK_STARTED);
    assertThat(report().startupSeconds()).isEqualTo(0.3);
  }

  @Test
  void aPlaylistWithFewerSegmentsStartsAtItsFirst() {
    load(live(0, 0));

    assertThat(fetchAndLoad().sequence()).isZero();
    assertThat(model.state()).isEqualTo(State.PLAYING);
  }

  @Test
  void theBufferDrainsInRealTimeOncePlaying() {
    startPlaying();

    clock.advanceMillis(2500);
    model.tick();

    assertThat(model.bufferSeconds()).isEqualTo(3.5);
    assertThat(model.bufferEmptyAt()).isEqualTo(clock.instant().plusMillis(3500));
  }

  @Test
  void aStallBeginsTheInstantTheBufferRunsDryAndEndsWhenASegmentArrives() {
    startPlaying();
    Instant started = clock.instant();

    clock.advanceMillis(7000);
    model.tick();

    assertThat(model.state()).isEqualTo(State.STALLED);
    assertThat(events).filteredOn(e -> e.type() == Type.STALL_STARTED).singleElement()
        .satisfies(e -> {
          assertThat(e.at()).isEqualTo(started.plusSeconds(6));
          assertThat(e.sequence()).isEqualTo(16);
        });

    load(live(11, 16));
    clock.advanceMillis(500);
    fetchAndLoad();

    assertThat(model.state()).isEqualTo(State.PLAYING);
    ProbeReport report = report();
    assertThat(report.stalls()).isEqualTo(1);
    assertThat(report.stallSeconds()).isEqualTo(1.5);
    assertThat(report.viewerSawProblem()).isTrue();
    assertThat(events).extracting(ProbeEvent::type).contains(Type.STALL_ENDED);
  }

  @Test
  void aStallStillGoingAtTheEndCountsUpToTheEnd() {
    startPlaying();

    clock.advanceMillis(10_000);

    ProbeReport report = report();
    assertThat(report.stalls()).isEqualTo(1);
    assertThat(report.stallSeconds()).isEqualTo(4.0);
  }

  @Test
  void aDrySpellShorterThanTheStallThresholdIsNoStall() {
    startPlaying();
    Instant dry = clock.instant().plusSeconds(6);
    load(live(11, 16));

    clock.advanceMillis(6000 + PlaybackModel.MIN_STALL.toMillis() - 1);
    model.tick();
    assertThat(model.state()).isEqualTo(State.STALLED);
    assertThat(model.stallCountsAt()).isEqualTo(dry.plus(PlaybackModel.MIN_STALL));
    fetchAndLoad();

    ProbeReport report = report();
    assertThat(model.state()).isEqualTo(State.PLAYING);
    assertThat(report.stalls()).isZero();
    assertThat(report.stallSeconds()).isZero();
    assertThat(report.viewerSawProblem()).isFalse();
    assertThat(events).extracting(ProbeEvent::type)
        .doesNotContain(Type.STALL_STARTED, Type.STALL_ENDED);
  }

  @Test
  void aDrySpellIsAStallOnceItLastsTheThresholdAndCountsFromWhenTheBufferRanDry() {
    startPlaying();
    Instant dry = clock.instant().plusSeconds(6);
    load(live(11, 16));

    clock.advanceMillis(6000 + PlaybackModel.MIN_STALL.toMillis());
    model.tick();
    assertThat(model.stallCountsAt()).isNull();
    assertThat(events).filteredOn(e -> e.type() == Type.STALL_STARTED).singleElement()
        .satisfies(e -> assertThat(e.at()).isEqualTo(dry));
    fetchAndLoad();

    ProbeReport report = report();
    assertThat(report.stalls()).isEqualTo(1);
    assertThat(report.stallSeconds()).isEqualTo(0.05);
    assertThat(report.viewerSawProblem()).isTrue();
  }

  @Test
  void aSegmentThatARetryGotIsARecoveredErrorNotAProblem() {
    startPlaying();
    load(live(11, 17));

    SegmentRequest first = model.nextSegment().orElseThrow();
    model.segmentFailed(first, "HTTP_503", "status 503");
    clock.advanceMillis(250);
    SegmentRequest second = model.nextSegment().orElseThrow();
    model.segmentFailed(second, "RESPONSE_TIMEOUT", "no answer in 2 s");
    clock.advanceMillis(250);
    model.segmentLoaded(model.nextSegment().orElseThrow(), 100);
    fetchAndLoad();

    ProbeReport report = report();
    assertThat(report.recoveredSegments()).isEqualTo(1);
    assertThat(report.recoveredErrors()).containsOnly(Map.entry("HTTP_503", 1),
        Map.entry("RESPONSE_TIMEOUT", 1));
    assertThat(report.segmentFailures()).isEqualTo(2);
    assertThat(report.lost()).isZero();
    assertThat(report.viewerSawProblem()).isFalse();
  }

  @Test
  void theFailedTriesOfALostSegmentAreNotRecoveredErrors() {
    startPlaying();
    load(live(11, 17));

    for (int attempt = 1; attempt <= 3; attempt++) {
      model.segmentFailed(model.nextSegment().orElseThrow(), "HTTP_503", "status 503");
      clock.advanceMillis(250);
    }
    fetchAndLoad();

    ProbeReport report = report();
    assertThat(report.lost()).isEqualTo(1);
    assertThat(report.recoveredSegments()).isZero();
    assertThat(report.recoveredErrors()).isEmpty();
  }

  @Test
  void aSteadyLiveStreamPlaysForAMinuteWithoutAStall() {
    // Each segment is published the moment it ends; the player reloads when the model says.
    long firstPublished = 100;
    for (int step = 0; step <= 600; step++) {
      long published = firstPublished + step / 20;
      model.tick();
      if (!clock.instant().isBefore(model.nextPlaylistLoadAt())) {
        load(live(Math.max(0, published - 5), published));
      }
      model.nextSegment().ifPresent(request -> model.segmentLoaded(request, 1000));
      clock.advanceMillis(100);
    }

    ProbeReport report = report();
    assertThat(report.playbackStarted()).isTrue();
    assertThat(report.stalls()).isZero();
    assertThat(report.lost()).isZero();
    assertThat(report.segments()).isBetween(31, 34);
    assertThat(report.viewerSawProblem()).as(report.problems().toString()).isFalse();
  }

  @Test
  void reloadsAfterATargetDurationWhenThePlaylistChangedAndHalfOneWhenNot() {
    assertThat(model.nextPlaylistLoadAt()).isEqualTo(T0);

    model.playlistLoaded(T0, live(10, 15), 500);
    assertThat(model.nextPlaylistLoadAt()).isEqualTo(T0.plusSeconds(2));

    clock.advanceMillis(2000);
    model.playlistLoaded(clock.instant(), live(10, 15), 500);
    assertThat(model.nextPlaylistLoadAt()).isEqualTo(T0.plusMillis(3000));

    clock.advanceMillis(1000);
    model.playlistLoaded(clock.instant(), live(11, 16), 500);
    assertThat(model.nextPlaylistLoadAt()).isEqualTo(T0.plusMillis(5000));
  }

  @Test
  void failedPlaylistLoadsAreCountedByKindAndRetriedAfterHalfATarget() {
    model.playlistFailed(T0, "CONNECT_REFUSED", "refused");
    assertThat(model.nextPlaylistLoadAt()).isEqualTo(T0.plusMillis(500));

    startPlaying();
    clock.advanceMillis(1000);
    model.playlistFailed(clock.instant(), "HTTP_503", "status 503");
    model.playlistFailed(clock.instant(), "HTTP_503", "status 503");

    assertThat(model.nextPlaylistLoadAt()).isEqualTo(clock.instant().plusSeconds(1));
    assertThat(report().playlistErrors())
        .containsEntry("CONNECT_REFUSED", 1).containsEntry("HTTP_503", 2);
    assertThat(report().viewerSawProblem()).isFalse();
  }

  @Test
  void aPlaylistThatNeverLoadsIsAProblem() {
    model.playlistFailed(T0, "HTTP_404", "status 404");

    assertThat(report().playlistLoaded()).isFalse();
    assertThat(report().problems()).containsExactly("the playlist never loaded");
  }

  @Test
  void aMediaSequenceGoingBackIsARegression() {
    load(live(10, 15));
    load(live(12, 17));

    load(live(9, 14));

    assertThat(report().regressions()).isEqualTo(1);
    assertThat(events).filteredOn(e -> e.type() == Type.REGRESSION).singleElement()
        .satisfies(e -> assertThat(e.detail()).contains("went back from 12 to 9"));
    assertThat(report().viewerSawProblem()).isTrue();
  }

  @Test
  void aKnownSequenceNumberNamingAnotherUriIsARegression() {
    load(live(10, 15));

    load(rename(live(10, 15), 15, "other-15.ts"));

    assertThat(report().regressions()).isEqualTo(1);
    assertThat(events).filteredOn(e -> e.type() == Type.REGRESSION).singleElement()
        .satisfies(e -> assertThat(e.detail()).contains("segment 15 was seg-15.ts, now "
            + "other-15.ts"));
  }

  @Test
  void aPlaylistThatMovesForwardIsNoRegression() {
    load(live(10, 15));
    load(live(10, 15));
    load(live(11, 16));
    load(live(14, 19));

    assertThat(report().regressions()).isZero();
  }

  @Test
  void segmentsThatSlideOutBeforeTheyAreFetchedAreLost() {
    load(live(10, 15));
    SegmentRequest first = model.nextSegment().orElseThrow();

    load(live(16, 21));
    model.segmentLoaded(first, 100);

    assertThat(report().lost()).isEqualTo(2);
    assertThat(fetchAndLoad().sequence()).isEqualTo(16);
    assertThat(events).filteredOn(e -> e.type() == Type.SEGMENT_LOST).singleElement()
        .satisfies(e -> assertThat(e.detail()).contains("segments 14 to 15 left the playlist"));
  }

  @Test
  void sequenceNumbersThatNeverAppearBetweenTwoKnownOnesAreLost() {
    startPlaying();

    load(live(18, 23));

    assertThat(report().lost()).isEqualTo(2);
    assertThat(events).filteredOn(e -> e.type() == Type.SEGMENT_LOST).singleElement()
        .satisfies(e -> assertThat(e.detail()).contains("16 to 17 never appeared"));
    assertThat(fetchAndLoad().sequence()).isEqualTo(18);
  }

  @Test
  void aUriListedUnderTwoSequenceNumbersIsRepeatedOnce() {
    load(live(10, 15));
    MediaPlaylist repeating = rename(live(11, 16), 16, "seg-15.ts");

    load(repeating);
    load(repeating);

    assertThat(report().repeated()).isEqualTo(1);
    assertThat(report().regressions()).isZero();
    assertThat(events).filteredOn(e -> e.type() == Type.REPEATED_SEGMENT).singleElement()
        .satisfies(e -> assertThat(e.detail()).contains("seg-15.ts is listed as 15 and as 16"));
  }

  @Test
  void discontinuitiesAheadOfTheStartAreCountedOnceEach() {
    startPlaying();
    MediaPlaylist withBreak = mark(live(11, 17), 17, true);

    load(withBreak);
    load(withBreak);

    assertThat(report().discontinuities()).isEqualTo(1);
    assertThat(report().discontinuitySequenceErrors()).isZero();
    assertThat(report().viewerSawProblem()).isFalse();
  }

  @Test
  void aDiscontinuityBehindTheStartIsNotCounted() {
    load(mark(live(10, 15), 11, true));

    assertThat(report().discontinuities()).isZero();
  }

  @Test
  void aSegmentWhoseDiscontinuitySequenceChangesIsAMismatch() {
    load(mark(live(10, 17), 16, true));
    // Segment 16 was after one discontinuity (sequence 1); this load says it is in sequence 0.
    MediaPlaylist inconsistent = withDiscontinuitySequence(mark(live(16, 18), 16, true), 0);
    load(inconsistent);
    load(inconsistent);

    assertThat(report().discontinuitySequenceErrors()).isEqualTo(1);
    assertThat(events).filteredOn(e -> e.type() == Type.DISCONTINUITY_SEQUENCE_MISMATCH)
        .singleElement().satisfies(e -> assertThat(e.detail())
            .contains("segment 16 moved from discontinuity sequence 1 to 0"));
  }

  @Test
  void programDateTimeGapsAreCountedOutsideDiscontinuities() {
    load(live(10, 15));
    load(shiftDates(live(11, 17), 16, Duration.ofSeconds(5)));

    assertThat(report().pdtGaps()).isEqualTo(1);
    assertThat(events).filteredOn(e -> e.type() == Type.PDT_GAP).singleElement()
        .satisfies(e -> assertThat(e.detail()).contains("segment 16 is 5.0 s after"));
  }

  @Test
  void aDateJumpAtADiscontinuityIsNoGap() {
    load(live(10, 15));
    load(mark(shiftDates(live(11, 17), 16, Duration.ofSeconds(5)), 16, true));

    assertThat(report().pdtGaps()).isZero();
    assertThat(report().discontinuities()).isEqualTo(1);
  }

  @Test
  void datesWithinHalfASecondOfTheDurationAreNoGap() {
    load(live(10, 15));
    load(shiftDates(live(11, 17), 16, Duration.ofMillis(400)));

    assertThat(report().pdtGaps()).isZero();
  }

  @Test
  void aFailedSegmentIsTriedTwiceMoreThenLost() {
    startPlaying();
    load(live(11, 17));

    for (int attempt = 1; attempt <= 3; attempt++) {
      SegmentRequest request = model.nextSegment().orElseThrow();
      assertThat(request.sequence()).isEqualTo(16);
      assertThat(request.attempt()).isEqualTo(attempt);
      model.segmentFailed(request, "HTTP_503", "status 503");
      if (attempt < 3) {
        assertThat(model.nextSegment()).isEmpty();
        clock.advanceMillis(250);
      }
    }

    ProbeReport report = report();
    assertThat(report.segmentFailures()).isEqualTo(3);
    assertThat(report.segmentErrors()).containsEntry("HTTP_503", 3);
    assertThat(report.lost()).isEqualTo(1);
    assertThat(fetchAndLoad().sequence()).isEqualTo(17);
    assertThat(events).extracting(ProbeEvent::type)
        .containsSubsequence(Type.SEGMENT_FAILED, Type.SEGMENT_FAILED, Type.SEGMENT_LOST);
  }

  @Test
  void aRetryThatSucceedsLosesNothing() {
    startPlaying();
    load(live(11, 16));
    model.segmentFailed(model.nextSegment().orElseThrow(), "RESPONSE_TIMEOUT", "timeout");

    assertThat(model.nextSegmentDueAt()).isEqualTo(clock.instant().plusMillis(250));
    clock.advanceMillis(250);
    SegmentRequest retry = model.nextSegment().orElseThrow();
    model.segmentLoaded(retry, 100);

    assertThat(retry.attempt()).isEqualTo(2);
    assertThat(report().lost()).isZero();
    assertThat(report().segmentFailures()).isEqualTo(1);
    assertThat(report().viewerSawProblem()).isFalse();
  }

  @Test
  void aSegmentIsNotRetriedPastItsDeadline() {
    load(live(10, 15));
    SegmentRequest request = model.nextSegment().orElseThrow();

    // Nothing is buffered yet, so its deadline is one target duration (2 s) after the try.
    clock.advanceMillis(1900);
    model.segmentFailed(request, "RESPONSE_TIMEOUT", "timeout");

    assertThat(report().lost()).isEqualTo(1);
    assertThat(model.nextSegment()).hasValueSatisfying(r -> assertThat(r.sequence()).isEqualTo(14));
  }

  @Test
  void nothingIsFetchedWhileTheBufferIsFull() {
    model = new PlaybackModel(CONFIG.withMaxBufferSeconds(4), clock, events::add);
    load(live(10, 15));
    fetchAndLoad();
    fetchAndLoad();

    assertThat(model.nextSegment()).isEmpty();
    assertThat(model.state()).isEqualTo(State.PLAYING);
    assertThat(model.nextSegmentDueAt()).isEqualTo(clock.instant());
    clock.advanceMillis(1);
    assertThat(fetchAndLoad().sequence()).isEqualTo(15);
  }

  @Test
  void theEndOfAnEndedPlaylistIsNotAStall() {
    load(ended(live(10, 12)));
    fetchAndLoad();
    fetchAndLoad();
    fetchAndLoad();

    clock.advanceMillis(7000);
    model.tick();

    assertThat(model.state()).isEqualTo(State.ENDED);
    assertThat(model.nextPlaylistLoadAt()).isNull();
    assertThat(report().stalls()).isZero();
    assertThat(report().ended()).isTrue();
  }

  @Test
  void answeringARequestThatIsNotInFlightIsAMistake() {
    load(live(10, 15));

    assertThatThrownBy(() -> model.segmentLoaded(new SegmentRequest(13, "seg-13.ts", 2, 1), 1))
        .isInstanceOf(IllegalStateException.class);
  }

  // --- helpers -----------------------------------------------------------------------------

  private void startPlaying() {
    load(live(10, 15));
    fetchAndLoad();
    fetchAndLoad();
    fetchAndLoad();
    assertThat(model.state()).isEqualTo(State.PLAYING);
  }

  @Test
  void aPlaylistThatHasNotGrownForOneAndAHalfTargetDurationsIsStale() {
    load(live(10, 15));
    clock.advanceMillis(2000);
    load(live(10, 15));
    assertThat(model.playlistStale()).isFalse();

    clock.advanceMillis(1000);
    load(live(10, 15));

    assertThat(model.playlistStale()).isTrue();
    clock.advanceMillis(500);
    load(live(11, 16));
    assertThat(model.playlistStale()).isFalse();
  }

  @Test
  void aPlaylistThatEndedIsNeverStale() {
    load(ended(live(10, 15)));
    clock.advanceMillis(10_000);
    load(ended(live(10, 15)));

    assertThat(model.playlistStale()).isFalse();
  }

  @Test
  void afterTheSourceChangesNoSegmentIsAskedForUntilItsPlaylistArrives() {
    startPlaying();
    model.sourceChanged();

    assertThat(model.nextPlaylistLoadAt()).isEqualTo(clock.instant());
    assertThat(model.nextSegment()).isEmpty();
    assertThat(model.nextSegmentDueAt()).isNull();
    load(live(11, 16));
    assertThat(model.nextSegment()).isPresent();
  }

  @Test
  void whenEverySourceFailedTheNextLoadKeepsThePollingPaceRatherThanFollowingAtOnce() {
    startPlaying();
    Instant failedAt = clock.instant();
    model.playlistFailed(failedAt, "CONNECT_REFUSED", "refused");
    Instant paced = model.nextPlaylistLoadAt();
    assertThat(paced).isAfter(failedAt);

    model.sourceChanged(false);

    assertThat(model.nextPlaylistLoadAt()).isEqualTo(paced);
    assertThat(model.nextSegment()).isEmpty();
  }

  @Test
  void anotherSourceNamingSegmentsOtherwiseGoesOnBySequenceWithoutRegressionOrRepeat() {
    load(live(10, 15));
    fetchAndLoad();
    fetchAndLoad();
    model.sourceChanged();

    // Another host's playlist: its window starts earlier and names segments by absolute URL.
    MediaPlaylist other = live(9, 15);
    for (long n = 9; n <= 15; n++) {
      other = rename(other, n, "http://backup:8082/hls/seg-" + n + ".ts");
    }
    load(other);

    SegmentRequest next = fetchAndLoad();
    assertThat(next.sequence()).isEqualTo(15);
    assertThat(next.uri()).isEqualTo("http://backup:8082/hls/seg-15.ts");
    ProbeReport report = report();
    assertThat(report.regressions()).isZero();
    assertThat(report.repeated()).isZero();
    assertThat(report.lost()).isZero();
  }

  @Test
  void aRetryAfterTheSourceChangedIsSentAtOnceWithTheNewSourcesUri() {
    load(live(10, 15));
    SegmentRequest failed = model.nextSegment().orElseThrow();
    model.segmentFailed(failed, "CONNECT_REFUSED", "refused");
    model.sourceChanged();
    load(rename(live(10, 15), 13, "http://backup:8082/hls/seg-13.ts"));

    SegmentRequest retry = model.nextSegment().orElseThrow();

    assertThat(retry.sequence()).isEqualTo(13);
    assertThat(retry.attempt()).isEqualTo(2);
    assertThat(retry.uri()).isEqualTo("http://backup:8082/hls/seg-13.ts");
  }

  private void load(MediaPlaylist playlist) {
    model.playlistLoaded(clock.instant(), playlist, 500);
  }

  private SegmentRequest fetchAndLoad() {
    SegmentRequest request = model.nextSegment().orElseThrow();
    model.segmentLoaded(request, 1000);
    return request;
  }

  private ProbeReport report() {
    return model.report(CONFIG.url().toString(), LatencyStats.NONE, LatencyStats.NONE, 0, 0);
  }

  /** Segments {@code first..last} of a 2 s stream whose segment n starts at T0 + 2n s. */
  private static MediaPlaylist live(long first, long last) {
    List<MediaSegment> segments = new ArrayList<>();
    for (long n = first; n <= last; n++) {
      segments.add(new MediaSegment("seg-" + n + ".ts", 2.0, T0.plusSeconds(2 * n), false));
    }
    return new MediaPlaylist(3, 2, first, 0, true, false, segments);
  }

  private static MediaPlaylist ended(MediaPlaylist playlist) {
    return new MediaPlaylist(playlist.version(), playlist.targetDurationSeconds(),
        playlist.mediaSequence(), playlist.discontinuitySequence(), true, true,
        playlist.segments());
  }

  private static MediaPlaylist withDiscontinuitySequence(MediaPlaylist playlist, long value) {
    return new MediaPlaylist(playlist.version(), playlist.targetDurationSeconds(),
        playlist.mediaSequence(), value, true, playlist.endList(), playlist.segments());
  }

  private static MediaPlaylist rename(MediaPlaylist playlist, long sequence, String uri) {
    return change(playlist, sequence,
        s -> new MediaSegment(uri, s.durationSeconds(), s.programDateTime(), s.discontinuity()));
  }

  private static MediaPlaylist mark(MediaPlaylist playlist, long sequence, boolean value) {
    return change(playlist, sequence, s -> s.withDiscontinuity(value));
  }

  /** Moves the dates of {@code from} and every later segment by {@code shift}. */
  private static MediaPlaylist shiftDates(MediaPlaylist playlist, long from, Duration shift) {
    MediaPlaylist shifted = playlist;
    for (long n = from; n <= playlist.lastSequence(); n++) {
      shifted = change(shifted, n, s -> new MediaSegment(s.uri(), s.durationSeconds(),
          s.programDateTime().plus(shift), s.discontinuity()));
    }
    return shifted;
  }

  private static MediaPlaylist change(MediaPlaylist playlist, long sequence,
      UnaryOperator<MediaSegment> change) {
    List<MediaSegment> segments = new ArrayList<>(playlist.segments());
    int index = (int) (sequence - playlist.mediaSequence());
    segments.set(index, change.apply(segments.get(index)));
    return new MediaPlaylist(playlist.version(), playlist.targetDurationSeconds(),
        playlist.mediaSequence(), playlist.discontinuitySequence(), true, playlist.endList(),
        segments);
  }
}
