package io.streaminglab.media.flv;

import static io.streaminglab.media.flv.TestBits.hex;
import static io.streaminglab.media.flv.VideoTagTest.ascii;
import static io.streaminglab.media.flv.VideoTagTest.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AudioTagTest {
  /** The AAC sequence header FFmpeg 5.1 writes for 44.1 kHz stereo AAC-LC. */
  static final byte[] FFMPEG_AAC_SEQUENCE_HEADER = hex("af00121056e500");

  @Test
  void readsAnAacSequenceHeader() {
    AudioTag tag = AudioTag.parse(FFMPEG_AAC_SEQUENCE_HEADER);

    assertThat(tag).isEqualTo(
        new AudioTag(10, 3, 1, 1, "mp4a", AudioPacketType.SEQUENCE_START, 2));
    assertThat(tag.isAac()).isTrue();
    assertThat(tag.isSequenceHeader()).isTrue();
    assertThat(tag.isEnhanced()).isFalse();
  }

  @Test
  void readsARawAacFrame() {
    AudioTag tag = AudioTag.parse(hex("af01 de0200"));

    assertThat(tag.packetType()).isEqualTo(AudioPacketType.CODED_FRAMES);
    assertThat(tag.payloadOffset()).isEqualTo(2);
    assertThat(tag.isSequenceHeader()).isFalse();
  }

  @Test
  void reportsUndefinedAacPacketTypesAsReserved() {
    assertThat(AudioTag.parse(hex("af07")).packetType()).isEqualTo(AudioPacketType.RESERVED);
  }

  @Test
  void readsTheRateSizeAndTypeBitsOfOtherFormats() {
    // MP3, 22 kHz, 16-bit, mono.
    AudioTag tag = AudioTag.parse(hex("2a fffb"));

    assertThat(tag).isEqualTo(new AudioTag(2, 2, 1, 0, ".mp3", AudioPacketType.CODED_FRAMES, 1));
  }

  @Test
  void readsUnknownLegacyFormatsWithoutFailing() {
    AudioTag tag = AudioTag.parse(hex("d2"));

    assertThat(tag.soundFormat()).isEqualTo(13);
    assertThat(tag.fourCc()).isEmpty();
    assertThat(tag.payloadOffset()).isEqualTo(1);
  }

  @Test
  void readsAnEnhancedOpusSequenceStart() {
    AudioTag tag = AudioTag.parse(concat(hex("90"), ascii("Opus"), hex("4f707573")));

    assertThat(tag).isEqualTo(
        new AudioTag(9, 0, 0, 0, "Opus", AudioPacketType.SEQUENCE_START, 5));
    assertThat(tag.isEnhanced()).isTrue();
  }

  @Test
  void readsEnhancedAacCodedFramesAfterModEx() {
    AudioTag tag = AudioTag.parse(concat(hex("97 02 000001 01"), ascii("mp4a"), hex("21")));

    assertThat(tag.isAac()).isTrue();
    assertThat(tag.packetType()).isEqualTo(AudioPacketType.CODED_FRAMES);
    assertThat(tag.payloadOffset()).isEqualTo(10);
  }

  @Test
  void readsEnhancedMultichannelConfigSequenceEndAndMultitrack() {
    assertThat(AudioTag.parse(concat(hex("94"), ascii("Opus"))).packetType())
        .isEqualTo(AudioPacketType.MULTICHANNEL_CONFIG);
    assertThat(AudioTag.parse(concat(hex("92"), ascii("fLaC"))).packetType())
        .isEqualTo(AudioPacketType.SEQUENCE_END);
    AudioTag multitrack = AudioTag.parse(concat(hex("95 11"), ascii("Opus"), hex("00")));
    assertThat(multitrack.packetType()).isEqualTo(AudioPacketType.MULTITRACK);
    assertThat(multitrack.fourCc()).isEqualTo("Opus");
    assertThat(multitrack.payloadOffset()).isEqualTo(6);
    assertThat(AudioTag.parse(hex("95 21")).fourCc()).isEmpty();
  }

  @Test
  void rejectsAnEmptyBody() {
    assertThatThrownBy(() -> AudioTag.parse(new byte[0]))
        .isInstanceOf(FlvException.class)
        .hasMessage("audio tag is too short: the header byte needs 1 bytes but only 0 remain");
  }

  @Test
  void rejectsTruncatedHeaders() {
    assertThatThrownBy(() -> AudioTag.parse(hex("af")))
        .isInstanceOf(FlvException.class)
        .hasMessageContaining("AAC packet type");
    assertThatThrownBy(() -> AudioTag.parse(hex("90 4f70"))).hasMessageContaining("FourCC");
    assertThatThrownBy(() -> AudioTag.parse(hex("97 05"))).hasMessageContaining("ModEx data");
  }
}
