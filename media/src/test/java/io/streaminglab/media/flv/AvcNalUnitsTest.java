package io.streaminglab.media.flv;

import static io.streaminglab.media.flv.TestBits.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class AvcNalUnitsTest {
  @Test
  void splitsFourByteLengthPrefixedUnitsIntoRangesOfTheArray() {
    byte[] data = hex("ff 00000002 0910 00000003 65aabb");

    assertThat(AvcNalUnits.split(data, 1, data.length - 1, 4)).containsExactly(
        new AvcNalUnit(5, 2, AvcNalUnits.TYPE_ACCESS_UNIT_DELIMITER),
        new AvcNalUnit(11, 3, AvcNalUnits.TYPE_IDR));
  }

  @Test
  void splitsOneAndTwoByteLengthPrefixes() {
    assertThat(AvcNalUnits.split(hex("02 6788 01 68"), 0, 5, 1)).extracting(AvcNalUnit::type)
        .containsExactly(7, 8);
    assertThat(AvcNalUnits.split(hex("0001 41"), 0, 3, 2)).containsExactly(
        new AvcNalUnit(2, 1, AvcNalUnits.TYPE_NON_IDR_SLICE));
  }

  @Test
  void skipsZeroLengthUnits() {
    assertThat(AvcNalUnits.split(hex("00000000 00000001 06"), 0, 9, 4)).containsExactly(
        new AvcNalUnit(8, 1, AvcNalUnits.TYPE_SEI));
  }

  @Test
  void rejectsAUnitThatRunsPastTheEnd() {
    assertThatThrownBy(() -> AvcNalUnits.split(hex("00000001 65 ffffffff 41"), 0, 10, 4))
        .isInstanceOf(FlvException.class)
        .hasMessage("AVC coded frame is too short: NAL unit 1 needs 4294967295 bytes but only 1"
            + " remain");
  }

  @Test
  void rejectsATruncatedLengthPrefix() {
    assertThatThrownBy(() -> AvcNalUnits.split(hex("00000001 65 0000"), 0, 7, 4))
        .isInstanceOf(FlvException.class)
        .hasMessageContaining("NAL unit length prefix");
  }

  @Test
  void rejectsLengthSizesOtherThanOneTwoOrFour() {
    assertThatThrownBy(() -> AvcNalUnits.split(new byte[0], 0, 0, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("nalLengthSize must be 1, 2 or 4: 3");
  }

  @Test
  void findsTheIdrInAnFfmpegKeyFrameAndNoneInAnInterFrame() {
    byte[] keyFrame = resource("ffmpeg-avc-keyframe.bin");
    byte[] interFrame = resource("ffmpeg-avc-interframe.bin");
    int payload = VideoTag.parse(keyFrame).payloadOffset();

    assertThat(AvcNalUnits.split(keyFrame, payload, keyFrame.length - payload, 4))
        .extracting(AvcNalUnit::type).containsExactly(AvcNalUnits.TYPE_SEI, AvcNalUnits.TYPE_IDR);
    assertThat(AvcNalUnits.containsIdr(keyFrame, payload, keyFrame.length - payload, 4)).isTrue();
    assertThat(AvcNalUnits.containsIdr(interFrame, payload, interFrame.length - payload, 4))
        .isFalse();
  }

  @Test
  void readsTheTypeFromTheLowFiveBitsOfTheHeader() {
    assertThat(AvcNalUnits.type((byte) 0x67)).isEqualTo(7);
    assertThat(AvcNalUnits.type((byte) 0x25)).isEqualTo(5);
  }

  static byte[] resource(String name) {
    try (InputStream in = AvcNalUnitsTest.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
