package io.streaminglab.lab.publish;

import io.streaminglab.media.flv.FlvFileTag;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One live encoder's output: a {@link LoopingClip} playing since an epoch, shared by every RTMP
 * connection that carries it, as an encoder pushing to two ingests shares one encode.
 *
 * <p>A connection that starts (or starts again) joins the timeline at its latest keyframe, not
 * at the clip's beginning: it sends at most one GOP in a burst, then keeps time with the others.
 * Each connection's timestamps start at 0, and the wall-clock time of its timestamp 0 ({@link
 * #wallClockAt(long)} of the join frame) travels in its onMetaData; so every ingest it reaches
 * anchors the same frames to the same wall-clock time, however late it connected.
 *
 * <p>The timeline runs on the monotonic clock from one reading of the wall clock at its epoch,
 * so its wall-clock times never step when the system clock does; over days they drift from
 * the system clock by its slew, which only the ingest's skew bound would notice.
 */
public final class LiveTimeline {
  private final LoopingClip clip;
  private final long epochWallClockMillis;
  private final long epochNanos;
  private final long[] keyframeOffsets;
  private final int[] keyframeIndexes;

  /** The clip starts now. */
  public LiveTimeline(LoopingClip clip) {
    this(clip, System.currentTimeMillis(), System.nanoTime());
  }

  LiveTimeline(LoopingClip clip, long epochWallClockMillis, long epochNanos) {
    this.clip = clip;
    this.epochWallClockMillis = epochWallClockMillis;
    this.epochNanos = epochNanos;
    List<FlvFileTag> frames = clip.frames();
    List<Integer> keyframes = new ArrayList<>();
    for (int i = 0; i < frames.size(); i++) {
      FlvFileTag tag = frames.get(i);
      if (tag.type() == FlvFileTag.VIDEO && (tag.body()[0] & 0xF0) == 0x10) {
        keyframes.add(i);
      }
    }
    keyframeIndexes = keyframes.stream().mapToInt(Integer::intValue).toArray();
    keyframeOffsets = keyframes.stream().mapToLong(i -> frames.get(i).timestamp()).toArray();
  }

  public LoopingClip clip() {
    return clip;
  }

  /** How far the timeline has played, in stream milliseconds. */
  public long elapsedMillis() {
    return elapsedMillis(System.nanoTime());
  }

  long elapsedMillis(long nanoTime) {
    return TimeUnit.NANOSECONDS.toMillis(nanoTime - epochNanos);
  }

  /** The wall-clock time, epoch milliseconds, at which the timeline plays {@code timestamp}. */
  public long wallClockAt(long timestamp) {
    return epochWallClockMillis + timestamp;
  }

  /**
   * The index of the latest keyframe at or before {@code elapsedMillis}: where a connection
   * that starts then joins. The clip's first frame is a keyframe, so there always is one.
   */
  public long joinIndex(long elapsedMillis) {
    long period = clip.periodMillis();
    long loop = Math.max(0, elapsedMillis) / period;
    long within = Math.max(0, elapsedMillis) % period;
    int found = 0;
    for (int k = 0; k < keyframeOffsets.length && keyframeOffsets[k] <= within; k++) {
      found = k;
    }
    return loop * clip.frames().size() + keyframeIndexes[found];
  }

  /** The {@code index}th frame of the timeline, with its timeline timestamp. */
  public FlvFileTag frame(long index) {
    return clip.frame(index);
  }
}
