package io.streaminglab.lab.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streaminglab.media.flv.FlvFileTag;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoopingClipTest {
  @TempDir
  Path dir;

  @Test
  void theBuiltInClipLoopsEveryEightSecondsWithAKeyframeEveryTwo() {
    LoopingClip clip = LoopingClip.builtIn();

    assertThat(clip.periodMillis()).isEqualTo(8000);
    List<Long> keyframes = clip.frames().stream()
        .filter(tag -> tag.type() == FlvFileTag.VIDEO && (tag.body()[0] & 0xF0) == 0x10)
        .map(FlvFileTag::timestamp).toList();
    assertThat(keyframes).containsExactly(0L, 2000L, 4000L, 6000L);
    assertThat(clip.frames().stream().filter(tag -> tag.type() == FlvFileTag.VIDEO))
        .hasSize(200);
    assertThat(clip.frames().stream().filter(tag -> tag.type() == FlvFileTag.AUDIO))
        .hasSize(375);
    assertThat(clip.headers()).extracting(FlvFileTag::type)
        .containsExactlyInAnyOrder(FlvFileTag.VIDEO, FlvFileTag.AUDIO);
  }

  @Test
  void timestampsKeepRisingAcrossLoops() {
    LoopingClip clip = LoopingClip.builtIn();
    int perLoop = clip.frames().size();

    long previous = -1;
    for (long i = 0; i < 3L * perLoop; i++) {
      long timestamp = clip.frame(i).timestamp();
      assertThat(timestamp).isGreaterThanOrEqualTo(previous);
      previous = timestamp;
    }
    assertThat(clip.frame(perLoop).timestamp()).isEqualTo(8000);
    assertThat(clip.frame(2L * perLoop).body()).isSameAs(clip.frame(0).body());
  }

  @Test
  void theBuiltInClipIsUnderOneMegabyte() throws Exception {
    try (var in = LoopingClip.class.getResourceAsStream(LoopingClip.BUILT_IN)) {
      assertThat(in.readAllBytes().length).isLessThan(1024 * 1024);
    }
  }

  @Test
  void aFileThatIsNotFlvIsOneSentence() throws Exception {
    Path file = Files.writeString(dir.resolve("clip.mp4"), "not a flv at all, sorry");

    assertThatThrownBy(() -> LoopingClip.file(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("clip.mp4: This is not an FLV file");
  }

  @Test
  void aMissingFileIsOneSentence() {
    assertThatThrownBy(() -> LoopingClip.file(dir.resolve("missing.flv")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot read ");
  }
}
