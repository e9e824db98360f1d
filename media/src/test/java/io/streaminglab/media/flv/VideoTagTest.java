package io.streaminglab.media.flv;

import static io.streaminglab.media.flv.TestBits.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class VideoTagTest {
  /** The AVC sequence header FFmpeg 5.1 writes for 320x240 high-profile x264. */
  static final byte[] FFMPEG_AVC_SEQUENCE_HEADER = hex(
      "17000000000164000dffe100196764000dacd94141fb011000000300100000030320f142996001000668ebe3"
          + "cb22c0fdf8f800");

  @Test
  void readsAnAvcSequenceHeader() {
    VideoTag tag = VideoTag.parse(FFMPEG_AVC_SEQUENCE_HEADER);

    assertThat(tag).isEqualTo(new VideoTag(VideoFrameType.KEY_FRAME, false, 7, "avc1",
        VideoPacketType.SEQUENCE_START, 0, 5));
    assertThat(tag.isAvc()).isTrue();
    assertThat(tag.isSequenceHeader()).isTrue();
    assertThat(tag.isKeyFrame()).isTrue();
  }

  @Test
  void readsTheCompositionTimeOfAvcNalUnits() {
    VideoTag keyFrame = VideoTag.parse(hex("17 01 000050 000002ac06"));
    VideoTag negative = VideoTag.parse(hex("27 01 fffff6"));

    assertThat(keyFrame.packetType()).isEqualTo(VideoPacketType.CODED_FRAMES);
    assertThat(keyFrame.compositionTimeOffset()).isEqualTo(80);
    assertThat(keyFrame.payloadOffset()).isEqualTo(5);
    assertThat(negative.frameType()).isEqualTo(VideoFrameType.INTER_FRAME);
    assertThat(negative.compositionTimeOffset()).isEqualTo(-10);
    assertThat(negative.isKeyFrame()).isFalse();
  }

  @Test
  void readsAnAvcEndOfSequence() {
    VideoTag tag = VideoTag.parse(hex("17 02 000000"));

    assertThat(tag.isEndOfSequence()).isTrue();
    assertThat(tag.payloadOffset()).isEqualTo(5);
  }

  @Test
  void givesTheOffsetOfThePayloadInTheWholeArray() {
    byte[] data = hex("ffff 17 01 000000 aa");

    assertThat(VideoTag.parse(data, 2, 6).payloadOffset()).isEqualTo(7);
  }

  @Test
  void readsOtherLegacyCodecsAsCodedFramesAfterOneByte() {
    VideoTag tag = VideoTag.parse(hex("32 0102"));

    assertThat(tag).isEqualTo(new VideoTag(VideoFrameType.DISPOSABLE_INTER_FRAME, false, 2, "",
        VideoPacketType.CODED_FRAMES, 0, 1));
    assertThat(tag.isAvc()).isFalse();
  }

  @Test
  void readsTheUnofficialLegacyHevcCodecIdLikeAvc() {
    VideoTag tag = VideoTag.parse(hex("1c 01 000021"));

    assertThat(tag.fourCc()).isEqualTo("hvc1");
    assertThat(tag.compositionTimeOffset()).isEqualTo(33);
  }

  @Test
  void readsALegacyCommandFrame() {
    VideoTag tag = VideoTag.parse(hex("57 01"));

    assertThat(tag.frameType()).isEqualTo(VideoFrameType.COMMAND_FRAME);
    assertThat(tag.packetType()).isEqualTo(VideoPacketType.COMMAND);
    assertThat(tag.payloadOffset()).isEqualTo(1);
  }

  @Test
  void reportsUndefinedFrameTypesAsReservedInsteadOfFailing() {
    assertThat(VideoTag.parse(hex("07 01 000000")).frameType())
        .isEqualTo(VideoFrameType.RESERVED);
    assertThat(VideoTag.parse(hex("e0 00 68766331")).frameType())
        .isEqualTo(VideoFrameType.RESERVED);
  }

  @Test
  void readsAnEnhancedHevcSequenceStart() {
    VideoTag tag = VideoTag.parse(concat(hex("90"), ascii("hvc1"), hex("01 02 03")));

    assertThat(tag).isEqualTo(new VideoTag(VideoFrameType.KEY_FRAME, true, 0, "hvc1",
        VideoPacketType.SEQUENCE_START, 0, 5));
  }

  @Test
  void readsTheCompositionTimeOfEnhancedHevcCodedFrames() {
    VideoTag tag = VideoTag.parse(concat(hex("91"), ascii("hvc1"), hex("000021 00000001")));

    assertThat(tag.packetType()).isEqualTo(VideoPacketType.CODED_FRAMES);
    assertThat(tag.compositionTimeOffset()).isEqualTo(33);
    assertThat(tag.payloadOffset()).isEqualTo(8);
  }

  @Test
  void readsCodedFramesXAsCodedFramesWithoutCompositionTime() {
    VideoTag tag = VideoTag.parse(concat(hex("a3"), ascii("avc1"), hex("00000001")));

    assertThat(tag.frameType()).isEqualTo(VideoFrameType.INTER_FRAME);
    assertThat(tag.packetType()).isEqualTo(VideoPacketType.CODED_FRAMES);
    assertThat(tag.compositionTimeOffset()).isZero();
    assertThat(tag.payloadOffset()).isEqualTo(5);
    assertThat(tag.isAvc()).isTrue();
  }

  @Test
  void readsAv1AndVp9CodedFramesWithoutCompositionTime() {
    assertThat(VideoTag.parse(concat(hex("a1"), ascii("av01"), hex("12"))).payloadOffset())
        .isEqualTo(5);
    assertThat(VideoTag.parse(concat(hex("91"), ascii("vp09"))).payloadOffset()).isEqualTo(5);
  }

  @Test
  void readsEnhancedSequenceEndMetadataAndUnknownCodecs() {
    assertThat(VideoTag.parse(concat(hex("92"), ascii("vp09"))).isEndOfSequence()).isTrue();
    assertThat(VideoTag.parse(concat(hex("84"), ascii("hvc1"), hex("02"))).packetType())
        .isEqualTo(VideoPacketType.METADATA);
    VideoTag unknown = VideoTag.parse(concat(hex("9e"), ascii("zzzz")));
    assertThat(unknown.fourCc()).isEqualTo("zzzz");
    assertThat(unknown.packetType()).isEqualTo(VideoPacketType.RESERVED);
  }

  @Test
  void skipsModExPrefixes() {
    // ModEx with 3 bytes of data (a nanosecond offset), then type 0 and packet type CodedFrames.
    VideoTag tag = VideoTag.parse(concat(hex("97 02 0003e8 01"), ascii("hvc1"), hex("000005")));

    assertThat(tag.packetType()).isEqualTo(VideoPacketType.CODED_FRAMES);
    assertThat(tag.compositionTimeOffset()).isEqualTo(5);
    assertThat(tag.payloadOffset()).isEqualTo(13);
  }

  @Test
  void skipsAModExPrefixWithASixteenBitSize() {
    byte[] data = new byte[300];
    data[0] = (byte) 0x97;
    data[1] = (byte) 0xFF;
    data[2] = 0x01; // 0x0103 + 1 = 260 bytes of data
    data[3] = 0x03;
    data[264] = 0x00; // type 0, packet type SequenceStart
    System.arraycopy(ascii("av01"), 0, data, 265, 4);

    VideoTag tag = VideoTag.parse(data);

    assertThat(tag.isSequenceHeader()).isTrue();
    assertThat(tag.payloadOffset()).isEqualTo(269);
  }

  @Test
  void readsAnEnhancedCommandFrameWithoutFourCc() {
    VideoTag tag = VideoTag.parse(hex("d1 00"));

    assertThat(tag.packetType()).isEqualTo(VideoPacketType.COMMAND);
    assertThat(tag.fourCc()).isEmpty();
    assertThat(tag.payloadOffset()).isEqualTo(1);
  }

  @Test
  void readsMultitrackHeaders() {
    VideoTag oneCodec = VideoTag.parse(concat(hex("96 01"), ascii("av01"), hex("00 000000")));
    VideoTag manyCodecs = VideoTag.parse(concat(hex("96 21"), ascii("hvc1")));

    assertThat(oneCodec.packetType()).isEqualTo(VideoPacketType.MULTITRACK);
    assertThat(oneCodec.fourCc()).isEqualTo("av01");
    assertThat(oneCodec.payloadOffset()).isEqualTo(6);
    assertThat(manyCodecs.fourCc()).isEmpty();
    assertThat(manyCodecs.payloadOffset()).isEqualTo(2);
  }

  @Test
  void rejectsAnEmptyBody() {
    assertThatThrownBy(() -> VideoTag.parse(new byte[0]))
        .isInstanceOf(FlvException.class)
        .hasMessage("video tag is too short: the header byte needs 1 bytes but only 0 remain");
  }

  @Test
  void rejectsTruncatedHeaders() {
    assertThatThrownBy(() -> VideoTag.parse(hex("17 01 0000")))
        .isInstanceOf(FlvException.class)
        .hasMessage("video tag is too short: the composition time needs 3 bytes but only 2 remain");
    assertThatThrownBy(() -> VideoTag.parse(hex("17"))).hasMessageContaining("AVC packet type");
    assertThatThrownBy(() -> VideoTag.parse(hex("57"))).hasMessageContaining("video command");
    assertThatThrownBy(() -> VideoTag.parse(hex("90 6876"))).hasMessageContaining("FourCC");
    assertThatThrownBy(() -> VideoTag.parse(concat(hex("91"), ascii("avc1"), hex("00"))))
        .hasMessageContaining("composition time");
    assertThatThrownBy(() -> VideoTag.parse(hex("97 ff 0100")))
        .hasMessageContaining("ModEx data needs 257 bytes");
    assertThatThrownBy(() -> VideoTag.parse(hex("96"))).hasMessageContaining("multitrack type");
  }

  @Test
  void rejectsEveryTruncationOfAWellFormedHeader() {
    byte[] full = concat(hex("97 02 0003e8 01"), ascii("hvc1"), hex("000005"));
    for (int length = 0; length < full.length; length++) {
      int cut = length;
      assertThatThrownBy(() -> VideoTag.parse(full, 0, cut)).isInstanceOf(FlvException.class);
    }
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }
}
