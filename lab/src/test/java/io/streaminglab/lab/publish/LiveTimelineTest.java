package io.streaminglab.lab.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.streaminglab.media.flv.FlvFileTag;
import org.junit.jupiter.api.Test;

class LiveTimelineTest {
  private final LoopingClip clip = LoopingClip.builtIn();
  private final LiveTimeline timeline = new LiveTimeline(clip, 1_800_000_000_000L, 0);

  @Test
  void aConnectionJoinsAtTheLatestKeyframeAtOrBeforeNow() {
    assertThat(keyframeAt(timeline.joinIndex(0))).isEqualTo(0);
    assertThat(keyframeAt(timeline.joinIndex(1999))).isEqualTo(0);
    assertThat(keyframeAt(timeline.joinIndex(2000))).isEqualTo(2000);
    assertThat(keyframeAt(timeline.joinIndex(5300))).isEqualTo(4000);
  }

  @Test
  void joiningKeepsWorkingAcrossLoopsOfTheClip() {
    long period = clip.periodMillis();
    long join = timeline.joinIndex(3 * period + 100);

    assertThat(keyframeAt(join)).isEqualTo(3 * period);
    assertThat(join).isEqualTo(3L * clip.frames().size()
        + timeline.joinIndex(100));
  }

  @Test
  void theWallClockOfATimestampIsTheEpochPlusIt() {
    assertThat(timeline.wallClockAt(4000)).isEqualTo(1_800_000_004_000L);
    assertThat(timeline.elapsedMillis(2_500_000_000L)).isEqualTo(2500);
  }

  /** The timestamp of a frame that must be a keyframe. */
  private long keyframeAt(long index) {
    FlvFileTag frame = timeline.frame(index);
    assertThat(frame.type()).isEqualTo(FlvFileTag.VIDEO);
    assertThat(frame.body()[0] & 0xF0).isEqualTo(0x10);
    return frame.timestamp();
  }
}
