package io.streaminglab.packager;

import java.time.Duration;
import java.util.Arrays;

/**
 * Decides when a packager that plays RTMP reads its socket next, so that it wakes up a few
 * times a second instead of once per audio or video message, yet sees the keyframe that ends a
 * segment as soon as it arrives. A pure state machine: times are given to it.
 *
 * <p>Waking up costs a packager more than the bytes it reads: a live stream sends some 80
 * messages a second, each a wake-up of its own when read as it arrives. Between keyframes
 * nothing waits on a frame, since a segment is only finished by the keyframe that starts the
 * next; so there the packager reads what has piled up every {@code interval}, and around the
 * time the next keyframe is due it reads every message as it arrives.
 *
 * <ol>
 *   <li>Each read reports the newest timestamp it saw and when it ended. Their difference,
 *       the least over the last {@value #OFFSET_SAMPLES} reads, is how the stream's timestamps
 *       map to arrival: the newest frame of a read has just arrived, older ones waited.
 *   <li>The next keyframe is due one group of pictures after the last keyframe: the longest of
 *       the last {@value #GOP_SAMPLES} keyframe intervals, since a keyframe an encoder adds at
 *       a scene cut only shortens one. Its arrival is that timestamp mapped to arrival time.
 *   <li>From {@value #EARLY_MILLIS} ms before that arrival to {@value #LATE_MILLIS} ms after
 *       it the packager reads at once; a keyframe later than that (an irregular group of
 *       pictures) is read with the paced reads, at most {@code interval} late.
 *   <li>Before two keyframes of the session, reads are paced.
 *   <li>A read whose newest frame is more than {@value #BEHIND_MILLIS} ms older than the
 *       stream's frames are when they arrive is followed by another at once: the socket held
 *       back the rest. A paced reader gets no more than the TCP receive window per read, which
 *       need not grow for a reader that reads seldom, so a stream of more bytes a second than the
 *       window holds per interval would otherwise fall further behind with every read.
 * </ol>
 *
 * <p>An interval of zero turns pacing off: every read is at once.
 */
final class ReadPacer {
  static final long EARLY_MILLIS = 50;
  static final long LATE_MILLIS = 250;
  static final long BEHIND_MILLIS = 100;
  static final int OFFSET_SAMPLES = 32;
  static final int GOP_SAMPLES = 3;

  private final long intervalMillis;
  private final long[] offsets = new long[OFFSET_SAMPLES];
  private int offsetCount;
  private int nextOffset;
  private boolean framesSinceRead;
  private long newestTimestamp = Long.MIN_VALUE;
  private long lastKeyframe = Long.MIN_VALUE;
  private final long[] keyframeIntervals = new long[GOP_SAMPLES];
  private int nextInterval;

  ReadPacer(Duration interval) {
    if (interval.isNegative()) {
      throw new IllegalArgumentException("interval < 0: " + interval);
    }
    this.intervalMillis = interval.toMillis();
  }

  /** A frame was read: its unwrapped timestamp in milliseconds, and whether it is a keyframe. */
  void onFrame(long timestamp, boolean keyframe) {
    // Audio and video interleave with small steps back; the newest is what arrived last.
    newestTimestamp = Math.max(newestTimestamp, timestamp);
    framesSinceRead = true;
    if (keyframe) {
      if (lastKeyframe != Long.MIN_VALUE) {
        keyframeIntervals[nextInterval] = timestamp - lastKeyframe;
        nextInterval = (nextInterval + 1) % GOP_SAMPLES;
      }
      lastKeyframe = timestamp;
    }
  }

  /** Forgets the stream: a new session starts, whose timestamps have a clock of their own. */
  void reset() {
    offsetCount = 0;
    nextOffset = 0;
    framesSinceRead = false;
    newestTimestamp = Long.MIN_VALUE;
    lastKeyframe = Long.MIN_VALUE;
    Arrays.fill(keyframeIntervals, 0);
    nextInterval = 0;
  }

  /**
   * A read ended at {@code nowMillis} (any monotonic clock in milliseconds): how long to wait
   * before the next one, in milliseconds; 0 to read as soon as anything arrives.
   */
  long afterRead(long nowMillis) {
    if (intervalMillis == 0) {
      return 0;
    }
    boolean sawFrames = framesSinceRead;
    if (sawFrames) {
      framesSinceRead = false;
      offsets[nextOffset] = nowMillis - newestTimestamp;
      nextOffset = (nextOffset + 1) % OFFSET_SAMPLES;
      offsetCount = Math.min(offsetCount + 1, OFFSET_SAMPLES);
    }
    if (offsetCount == 0) {
      return intervalMillis;
    }
    long least = leastOffset();
    if (sawFrames && nowMillis - newestTimestamp - least > BEHIND_MILLIS) {
      return 0;
    }
    long gop = longestKeyframeInterval();
    if (gop <= 0) {
      return intervalMillis;
    }
    long due = lastKeyframe + gop + least;
    if (nowMillis >= due - EARLY_MILLIS) {
      return nowMillis <= due + LATE_MILLIS ? 0 : intervalMillis;
    }
    return Math.min(intervalMillis, due - EARLY_MILLIS - nowMillis);
  }

  private long longestKeyframeInterval() {
    long longest = 0;
    for (long interval : keyframeIntervals) {
      longest = Math.max(longest, interval);
    }
    return longest;
  }

  private long leastOffset() {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < offsetCount; i++) {
      least = Math.min(least, offsets[i]);
    }
    return least;
  }
}
