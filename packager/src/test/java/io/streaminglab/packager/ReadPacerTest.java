package io.streaminglab.packager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReadPacerTest {
  private static final Duration INTERVAL = Duration.ofMillis(100);

  @Test
  void anIntervalOfZeroReadsEveryMessageAsItArrives() {
    ReadPacer pacer = new ReadPacer(Duration.ZERO);
    pacer.onFrame(0, true);

    assertThat(pacer.afterRead(1_000)).isZero();
  }

  @Test
  void pacesReadsUntilTwoKeyframesGiveTheInterval() {
    ReadPacer pacer = new ReadPacer(INTERVAL);
    assertThat(pacer.afterRead(1_000)).isEqualTo(100);

    pacer.onFrame(0, true);
    pacer.onFrame(40, false);
    assertThat(pacer.afterRead(1_040)).isEqualTo(100);
  }

  @Test
  void readsAtOnceFromJustBeforeTheNextKeyframeIsDueUntilItIsWellOverdue() {
    ReadPacer pacer = new ReadPacer(INTERVAL);
    pacer.onFrame(0, true);
    pacer.onFrame(2_000, true);
    // The newest frame, timestamp 2000, arrived at 12000: the next keyframe is due at 14000.
    assertThat(pacer.afterRead(12_000)).isEqualTo(100);
    assertThat(pacer.afterRead(13_900)).isEqualTo(50);
    assertThat(pacer.afterRead(13_950)).isZero();
    assertThat(pacer.afterRead(14_000)).isZero();
    assertThat(pacer.afterRead(14_250)).isZero();
    assertThat(pacer.afterRead(14_251)).isEqualTo(100);
  }

  @Test
  void theKeyframeThatArrivesMovesTheDueTimeOneIntervalOn() {
    ReadPacer pacer = new ReadPacer(INTERVAL);
    pacer.onFrame(0, true);
    pacer.onFrame(2_000, true);
    assertThat(pacer.afterRead(12_000)).isEqualTo(100);

    pacer.onFrame(4_000, true);

    assertThat(pacer.afterRead(14_000)).isEqualTo(100);
    assertThat(pacer.afterRead(15_920)).isEqualTo(30);
  }

  @Test
  void aReadThatFindsFramesWhichWaitedDoesNotPushTheDueTimeLater() {
    ReadPacer pacer = pacerDueAt14000();

    // Read 90 ms after it arrived: the frame at 2040 says nothing about when frames arrive.
    pacer.onFrame(2_040, false);

    assertThat(pacer.afterRead(12_130)).isEqualTo(100);
    assertThat(pacer.afterRead(13_950)).isZero();
  }

  @Test
  void aReadWhoseFramesWaitedMoreThanATenthOfASecondIsFollowedByAnotherAtOnce() {
    ReadPacer pacer = pacerDueAt14000();

    // The socket let through only frames up to 2100 by 12300: the rest is still waiting.
    pacer.onFrame(2_100, false);
    assertThat(pacer.afterRead(12_300)).isZero();

    pacer.onFrame(2_300, false);
    assertThat(pacer.afterRead(12_301)).isEqualTo(100);
  }

  @Test
  void aReadWithoutFramesIsNotTakenForFallingBehind() {
    ReadPacer pacer = pacerDueAt14000();

    assertThat(pacer.afterRead(12_500)).isEqualTo(100);
  }

  @Test
  void aNewSessionStartsAfresh() {
    ReadPacer pacer = new ReadPacer(INTERVAL);
    pacer.onFrame(50_000, true);
    pacer.onFrame(52_000, true);
    pacer.afterRead(60_000);

    pacer.reset();
    pacer.onFrame(0, true);

    assertThat(pacer.afterRead(61_950)).isEqualTo(100);
  }

  @Test
  void audioABitBehindTheVideoDoesNotMoveTheDueTime() {
    ReadPacer pacer = new ReadPacer(INTERVAL);
    pacer.onFrame(0, true);
    pacer.onFrame(2_000, true);
    pacer.onFrame(1_990, false);

    assertThat(pacer.afterRead(12_000)).isEqualTo(100);
    assertThat(pacer.afterRead(13_950)).isZero();
  }

  @Test
  void aNegativeIntervalIsRefused() {
    assertThatThrownBy(() -> new ReadPacer(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRegularStreamHasItsKeyframesReadAsTheyArriveWithAFifthOfTheReads() {
    // 60 s of 30 fps video with a keyframe every 2 s and AAC every 21 ms, arriving in real time
    // with up to 8 ms of jitter.
    Simulation run = Simulation.of(new ReadPacer(INTERVAL), stream(60_000, 2_000, 0));

    assertThat(run.keyframeWaits.subList(2, run.keyframeWaits.size())).allMatch(wait -> wait == 0);
    assertThat(run.reads).isLessThan(run.messages / 5);
  }

  @Test
  void aKeyframeAtASceneCutWaitsNoLongerThanTheIntervalAndTheNextIsOnTime() {
    // As x264 does at a scene cut: every fourth group of pictures ends 700 ms early, and the
    // next one starts there.
    Simulation run = Simulation.of(new ReadPacer(INTERVAL), stream(60_000, 2_000, 700));

    assertThat(run.keyframeWaits).allMatch(wait -> wait <= 100);
    assertThat(run.keyframeWaits.stream().filter(wait -> wait > 0).count())
        .isLessThanOrEqualTo(2 + run.keyframeWaits.size() / 4);
  }

  @Test
  void aStreamOfMoreThanOneReadCanTakePerIntervalIsReadWithoutFallingBehind() {
    // As a TCP window that lets through some 60 ms of the stream per read: paced reads alone
    // would take a tenth of a second of the stream every 100 ms at most and fall behind.
    Simulation run = Simulation.of(new ReadPacer(INTERVAL), stream(60_000, 2_000, 0), 5);

    assertThat(run.longestWait).isLessThanOrEqualTo(INTERVAL.toMillis() + 150);
    assertThat(run.keyframeWaits.subList(2, run.keyframeWaits.size())).allMatch(wait -> wait == 0);
  }

  /**
   * A pacer that has read keyframes at 0 and 2000, the second arriving at 12000 local time: the
   * next keyframe is due at 14000.
   */
  private static ReadPacer pacerDueAt14000() {
    ReadPacer pacer = new ReadPacer(INTERVAL);
    pacer.onFrame(0, true);
    pacer.onFrame(2_000, true);
    pacer.afterRead(12_000);
    return pacer;
  }

  /** A frame: its timestamp, whether a keyframe, and when it arrives (local milliseconds). */
  private record Frame(long timestamp, boolean keyframe, long arrival) {}

  /**
   * Video at 30 fps and AAC every 21 ms for {@code lengthMillis}, with a keyframe every {@code
   * gopMillis} but every fourth group {@code cutMillis} shorter; each frame arrives 10 s after
   * its timestamp and up to 8 ms later.
   */
  private static List<Frame> stream(long lengthMillis, long gopMillis, long cutMillis) {
    List<Long> keyframes = new ArrayList<>();
    for (long at = 0, group = 1; at < lengthMillis; group++) {
      keyframes.add(at);
      at += group % 4 == 0 ? gopMillis - cutMillis : gopMillis;
    }
    Random random = new Random(42);
    List<Frame> frames = new ArrayList<>();
    long audio = 0;
    for (long video = 0; video < lengthMillis; video += 33) {
      while (audio < video) {
        frames.add(new Frame(audio, false, 10_000 + audio + random.nextInt(9)));
        audio += 21;
      }
      long start = video;
      boolean keyframe = keyframes.stream().anyMatch(at -> start <= at && at < start + 33);
      frames.add(new Frame(video, keyframe, 10_000 + video + random.nextInt(9)));
    }
    frames.sort((a, b) -> Long.compare(a.arrival, b.arrival));
    return frames;
  }

  /**
   * A reader that follows the pacer: after each read it waits the delay the pacer gives, then
   * reads whatever has arrived (at most {@code perRead} frames, as a socket's receive window
   * allows), or the next frame as soon as it does.
   */
  private static final class Simulation {
    final List<Long> keyframeWaits = new ArrayList<>();
    long longestWait;
    int reads;
    int messages;

    static Simulation of(ReadPacer pacer, List<Frame> frames) {
      return of(pacer, frames, Integer.MAX_VALUE);
    }

    static Simulation of(ReadPacer pacer, List<Frame> frames, int perRead) {
      Simulation run = new Simulation();
      run.messages = frames.size();
      long readableFrom = 0;
      int next = 0;
      while (next < frames.size()) {
        long now = Math.max(readableFrom, frames.get(next).arrival);
        for (int read = 0; read < perRead && next < frames.size()
            && frames.get(next).arrival <= now; read++) {
          Frame frame = frames.get(next++);
          pacer.onFrame(frame.timestamp, frame.keyframe);
          run.longestWait = Math.max(run.longestWait, now - frame.arrival);
          if (frame.keyframe) {
            run.keyframeWaits.add(now - frame.arrival);
          }
        }
        run.reads++;
        readableFrom = now + pacer.afterRead(now);
      }
      return run;
    }
  }
}
