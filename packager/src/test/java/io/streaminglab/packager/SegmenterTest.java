package io.streaminglab.packager;

import static org.assertj.core.api.Assertions.assertThat;

import io.streaminglab.ingest.hub.ClockAnchor;
import io.streaminglab.ingest.hub.MediaFrame;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmenterTest {
  /** 10:00:00.100 UTC: keyframes at timestamps 0, 2000, ... fall 100 ms into their buckets. */
  private static final long T0 = Instant.parse("2026-11-24T10:00:00.100Z").toEpochMilli();
  private static final long FIRST_BUCKET = T0 / 2000;

  private final Segmenter segmenter = new Segmenter(Duration.ofSeconds(2));

  @Test
  void cutsAtTheFirstKeyframeOfEachBucketAndNumbersByTheClock() {
    List<Segment> segments = feedSession(segmenter, TestStream.anchor(1, T0), 0, 8000, 2000);

    assertThat(segments).extracting(Segment::sequence)
        .containsExactly(FIRST_BUCKET, FIRST_BUCKET + 1, FIRST_BUCKET + 2);
    assertThat(segments).extracting(Segment::durationMillis).containsOnly(2000L);
    assertThat(segments.get(1).programDateTime()).isEqualTo(Instant.ofEpochMilli(T0 + 2000));
    assertThat(segments).noneMatch(Segment::discontinuity);
    assertThat(segments.get(0).bytes().length % 188).isZero();
  }

  @Test
  void aKeyframeIntervalLongerThanTheTargetMakesLongerSegmentsNumberedOneByOne() {
    List<Segment> segments = feedSession(segmenter, TestStream.anchor(1, T0), 0, 16000, 4000);

    assertThat(segments).extracting(Segment::sequence)
        .containsExactly(FIRST_BUCKET, FIRST_BUCKET + 1, FIRST_BUCKET + 2);
    assertThat(segments).extracting(Segment::durationMillis).containsOnly(4000L);
  }

  @Test
  void keyframesWithinOneBucketDoNotCut() {
    List<Segment> segments = feedSession(segmenter, TestStream.anchor(1, T0), 0, 8000, 1000);

    assertThat(segments).extracting(Segment::durationMillis).containsOnly(2000L);
  }

  @Test
  void aSegmenterThatJoinsLateStartsAtTheNextCutPointWithIdenticalSegments() {
    ClockAnchor anchor = TestStream.anchor(1, T0);
    List<MediaFrame> stream = TestStream.frames(0, 12000, 2000);
    List<Segment> early = new ArrayList<>(segmenter.onSessionStart(anchor));
    Segmenter late = new Segmenter(Duration.ofSeconds(2));
    List<Segment> joined = new ArrayList<>();
    for (MediaFrame frame : headers()) {
      early.addAll(segmenter.onFrame(frame));
    }
    for (MediaFrame frame : stream) {
      early.addAll(segmenter.onFrame(frame));
      if (frame.timestamp() == 4000 && frame.kind() == MediaFrame.Kind.VIDEO) {
        // The hub replays headers and the GOP from its keyframe to a reader that joins now.
        joined.addAll(late.onSessionStart(anchor));
        for (MediaFrame header : headers()) {
          joined.addAll(late.onFrame(header));
        }
      }
      if (frame.timestamp() >= 4000) {
        joined.addAll(late.onFrame(frame));
      }
    }

    assertThat(joined).isNotEmpty();
    assertThat(joined.get(0).sequence()).isEqualTo(FIRST_BUCKET + 3);
    for (Segment segment : joined) {
      Segment same = early.stream().filter(s -> s.sequence() == segment.sequence()).findFirst()
          .orElseThrow();
      assertThat(segment.programDateTime()).isEqualTo(same.programDateTime());
      assertThat(segment.durationMillis()).isEqualTo(same.durationMillis());
      assertThat(segment.bytes()).isEqualTo(same.bytes());
    }
  }

  @Test
  void aPublisherRestartIsADiscontinuityNumberedByTheClock() {
    List<Segment> first = feedSession(segmenter, TestStream.anchor(1, T0), 0, 6000, 2000);
    // The segment open when the publisher leaves is dropped, not written short.
    assertThat(segmenter.onSessionEnd()).isEmpty();
    // The publisher comes back 9 s later with timestamps from zero again.
    List<Segment> second = feedSession(segmenter, TestStream.anchor(2, T0 + 15000), 0, 6000,
        2000);

    assertThat(first).extracting(Segment::sequence)
        .containsExactly(FIRST_BUCKET, FIRST_BUCKET + 1);
    // 15.1 s after the first bucket began: a packager that saw no gap numbers it alike.
    assertThat(second.get(0).sequence()).isEqualTo(FIRST_BUCKET + 7);
    assertThat(second.get(1).sequence()).isEqualTo(FIRST_BUCKET + 8);
    assertThat(second.get(0).discontinuity()).isTrue();
    assertThat(second.get(0).programDateTime()).isEqualTo(Instant.ofEpochMilli(T0 + 15000));
    assertThat(second.get(1).discontinuity()).isFalse();
  }

  @Test
  void aSessionThatResumesInABucketAlreadyWrittenWaitsForTheNextCut() {
    List<Segment> out = feedSession(segmenter, TestStream.anchor(1, T0), 0, 6000, 2000);
    out.addAll(segmenter.onSessionEnd());
    // A clock that puts the new session inside the last bucket written (a wrong publisher
    // clock, two publishers in turn): that number is taken, the next cut starts the session.
    // The number of the segment dropped at the session's end counts as taken too.
    out.addAll(feedSession(segmenter, TestStream.anchor(2, T0 + 2500), 0, 8000, 2000));

    assertThat(out).extracting(Segment::sequence).containsExactly(FIRST_BUCKET,
        FIRST_BUCKET + 1, FIRST_BUCKET + 3);
    assertThat(out.get(2).programDateTime()).isEqualTo(Instant.ofEpochMilli(T0 + 6500));
    assertThat(out.get(2).discontinuity()).isTrue();
  }

  @Test
  void theSegmentOpenWhenThePublisherLeavesIsNotWrittenShort() {
    List<Segment> out = feedSession(segmenter, TestStream.anchor(1, T0), 0, 5000, 2000);

    assertThat(segmenter.onSessionEnd()).isEmpty();
    assertThat(out).extracting(Segment::sequence).containsExactly(FIRST_BUCKET,
        FIRST_BUCKET + 1);
    assertThat(out).extracting(Segment::durationMillis).containsOnly(2000L);
  }

  @Test
  void aPackagerWhoseIngestLostThePublisherForAWhileWritesTheSameSegmentsAgainAfterIt() {
    // The publisher clock anchors both sessions alike: its reconnection replays the GOP from
    // the keyframe at 8000 with timestamps from zero and the wall-clock time of that keyframe.
    List<MediaFrame> stream = TestStream.frames(0, 16000, 2000);
    List<Segment> steady = feedSession(segmenter, TestStream.anchor(1, T0), 0, 16000, 2000);
    Segmenter interrupted = new Segmenter(Duration.ofSeconds(2));
    List<Segment> other = new ArrayList<>(interrupted.onSessionStart(TestStream.anchor(7, T0)));
    for (MediaFrame frame : headers()) {
      other.addAll(interrupted.onFrame(frame));
    }
    for (MediaFrame frame : stream.subList(0, stream.indexOf(firstAt(stream, 3000)))) {
      other.addAll(interrupted.onFrame(frame));
    }
    other.addAll(interrupted.onSessionEnd());
    other.addAll(interrupted.onSessionStart(new ClockAnchor(8, T0 + 8000, 0)));
    for (MediaFrame frame : headers()) {
      other.addAll(interrupted.onFrame(frame));
    }
    for (MediaFrame frame : stream.subList(stream.indexOf(firstAt(stream, 8000)),
        stream.size())) {
      other.addAll(interrupted.onFrame(rebased(frame, 8000)));
    }

    List<Segment> after = other.stream().filter(s -> s.sequence() >= FIRST_BUCKET + 4).toList();
    assertThat(after).extracting(Segment::sequence).containsExactly(FIRST_BUCKET + 4,
        FIRST_BUCKET + 5, FIRST_BUCKET + 6);
    assertThat(after.get(0).discontinuity()).isTrue();
    for (Segment segment : after) {
      Segment same = steady.stream().filter(s -> s.sequence() == segment.sequence())
          .findFirst().orElseThrow();
      assertThat(segment.programDateTime()).isEqualTo(same.programDateTime());
      assertThat(segment.durationMillis()).isEqualTo(same.durationMillis());
      assertThat(segment.bytes()).isEqualTo(same.bytes());
    }
  }

  @Test
  void theFirstKeyframeOfASessionCutsEvenInTheMiddleOfABucket() {
    long midBucket = T0 + 900;
    List<Segment> segments = feedSession(segmenter, TestStream.anchor(1, midBucket), 0, 6000,
        2000);

    assertThat(segments.get(0).programDateTime()).isEqualTo(Instant.ofEpochMilli(midBucket));
    assertThat(segments.get(0).sequence()).isEqualTo(Math.floorDiv(midBucket, 2000));
  }

  @Test
  void afterAResynchronisationTheOpenSegmentIsDroppedAndTheNextCutStartsAfreshDiscontinuous() {
    ClockAnchor anchor = TestStream.anchor(1, T0);
    List<Segment> out = new ArrayList<>(segmenter.onSessionStart(anchor));
    for (MediaFrame frame : headers()) {
      out.addAll(segmenter.onFrame(frame));
    }
    for (MediaFrame frame : TestStream.frames(0, 3000, 2000)) {
      out.addAll(segmenter.onFrame(frame));
    }
    segmenter.resynchronize();
    for (MediaFrame frame : TestStream.frames(3000, 8040, 2000)) {
      out.addAll(segmenter.onFrame(frame));
    }

    // Lost frames may have held a cut point: the keyframe at 4000 is not trusted as one, and
    // the segment at 6000 takes the clock's number, as a packager that lost nothing gives it.
    assertThat(out).extracting(Segment::sequence).containsExactly(FIRST_BUCKET,
        FIRST_BUCKET + 3);
    assertThat(out.get(1).programDateTime()).isEqualTo(Instant.ofEpochMilli(T0 + 6000));
    assertThat(out.get(1).discontinuity()).isTrue();
  }

  @Test
  void framesBeforeAnySessionOrAnyConfigurationMakeNothing() {
    assertThat(segmenter.onFrame(TestStream.video(0, true))).isEmpty();
    segmenter.onSessionStart(TestStream.anchor(1, T0));

    for (MediaFrame frame : TestStream.frames(0, 6000, 2000)) {
      assertThat(segmenter.onFrame(frame)).isEmpty();
    }
  }

  @Test
  void aStreamWithoutAudioIsSegmentedInEitherFormat() {
    for (SegmentFormat format : SegmentFormat.values()) {
      Segmenter videoOnly = new Segmenter(Duration.ofSeconds(2), format);
      List<Segment> segments = new ArrayList<>(videoOnly.onSessionStart(TestStream.anchor(1, T0)));
      for (MediaFrame frame : RecordedClip.frames()) {
        if (frame.kind() == MediaFrame.Kind.VIDEO) {
          segments.addAll(videoOnly.onFrame(frame));
        }
      }

      // The clip's keyframes are 2.002 s apart; the fourth GOP is open when the frames end.
      assertThat(segments).as("%s segments", format).extracting(Segment::sequence)
          .containsExactly(FIRST_BUCKET, FIRST_BUCKET + 1, FIRST_BUCKET + 2);
    }
  }

  private static MediaFrame firstAt(List<MediaFrame> stream, long timestamp) {
    return stream.stream().filter(f -> f.timestamp() >= timestamp).findFirst().orElseThrow();
  }

  /** The same frame, bytes and all, in a session whose timestamps start at {@code offset}. */
  private static MediaFrame rebased(MediaFrame frame, long offset) {
    return new MediaFrame(frame.kind(), frame.timestamp() - offset,
        frame.rtmpTimestamp() - offset, frame.compositionOffset(), frame.keyframe(),
        frame.sequenceHeader(), frame.body());
  }

  private static List<MediaFrame> headers() {
    return List.of(TestStream.videoConfig(), TestStream.audioConfig());
  }

  /** One session from {@code from} to {@code to}; the open segment stays open. */
  private static List<Segment> feedSession(Segmenter segmenter, ClockAnchor anchor, long from,
      long to, long gop) {
    List<Segment> out = new ArrayList<>(segmenter.onSessionStart(anchor));
    for (MediaFrame frame : headers()) {
      out.addAll(segmenter.onFrame(frame));
    }
    for (MediaFrame frame : TestStream.frames(from, to, gop)) {
      out.addAll(segmenter.onFrame(frame));
    }
    return out;
  }
}
