package io.streaminglab.media.flv;

import static io.streaminglab.media.flv.TestBits.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AvcSpsTest {
  /** SPS NAL units from x264 via FFmpeg 5.1, with the size and profile ffprobe reports. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "constrained baseline, 6742c00dd90141fb011000000300100000030320f142a480, 320, 240, 66, 1, 8",
    "main, 674d401eeca06c1ef37808800000030080000019078b16cb, 854, 480, 77, 1, 8",
    "high 1080p, 67640028acd940780227e5c044000003000400000300c83c60c658, 1920, 1080, 100, 1, 8",
    "high odd size, 6764000dacd94150878888c044000003000400000300c83c50a658, 322, 242, 100, 1, 8",
    "high 10, 676e0015a6cd941b1fe4f011000003000100000300320f162d96, 426, 240, 110, 1, 10",
    "high 4:2:2, 677a001ebcd940a02ff89c0440000003004000000c83c58b6580, 640, 360, 122, 2, 8",
    "high 4:4:4, 67f4000d919b282c12d808800000030080000019078a14cb, 352, 288, 244, 3, 8",
  })
  void readsThePictureSizeOfRealX264Streams(String name, String sps, int width, int height,
      int profile, int chromaFormat, int bitDepth) {
    AvcSps parsed = AvcSps.parse(hex(sps));

    assertThat(parsed.width()).isEqualTo(width);
    assertThat(parsed.height()).isEqualTo(height);
    assertThat(parsed.profileIdc()).isEqualTo(profile);
    assertThat(parsed.chromaFormatIdc()).isEqualTo(chromaFormat);
    assertThat(parsed.bitDepthLuma()).isEqualTo(bitDepth);
    assertThat(parsed.frameMbsOnly()).isTrue();
  }

  @Test
  void readsTheFrameSizeOfAnInterlacedStream() {
    AvcSps sps = AvcSps.parse(hex("6764001eacd940b424d8088000000300800000190f8a14cb"));

    assertThat(sps.frameMbsOnly()).isFalse();
    assertThat(sps.width()).isEqualTo(720);
    assertThat(sps.height()).isEqualTo(576);
    assertThat(sps.codecString()).isEqualTo("avc1.64001e");
  }

  @Test
  void readsAnSpsAtAnOffsetInALargerArray() {
    byte[] data = hex("ffff 6742c00dd90141fb011000000300100000030320f142a480 ffff");

    assertThat(AvcSps.parse(data, 2, data.length - 4).width()).isEqualTo(320);
  }

  @Test
  void skipsScalingListsAndPictureOrderCountCyclesAndDropsEmulationPreventionBytes() {
    TestBits bits = new TestBits().u(8, 0x67).u(8, 100).u(8, 0).u(8, 40)
        .ue(0) // seq_parameter_set_id
        .ue(1).ue(0).ue(0).u(1, 0) // 4:2:0, 8-bit, no transform bypass
        .u(1, 1); // seq_scaling_matrix_present_flag
    for (int i = 0; i < 8; i++) {
      boolean present = i == 0 || i == 6;
      bits.u(1, present ? 1 : 0);
      if (i == 0) {
        for (int j = 0; j < 16; j++) {
          bits.se(1);
        }
      } else if (i == 6) {
        bits.se(-8); // next scale 0: use the default matrix, no more deltas
      }
    }
    bits.ue(0) // log2_max_frame_num_minus4
        .ue(1).u(1, 0).se(-3).se(2) // picture order count type 1
        .ue(3).se(-(1L << 30)).se(1L << 30).se(-7) // a cycle of three, two of 63 bits
        .ue(4).u(1, 0) // max_num_ref_frames, gaps
        .ue(119).ue(33) // 120 macroblocks wide, 34 field map units high
        .u(1, 0).u(1, 1).u(1, 1) // fields, MBAFF, direct 8x8
        .u(1, 1).ue(0).ue(0).ue(0).ue(2) // crop 2 units (8 rows) at the bottom
        .u(1, 0); // no VUI
    byte[] nal = bits.nal();
    assertThat(HexFormat.of().formatHex(nal)).contains("000003");

    AvcSps sps = AvcSps.parse(nal);

    assertThat(sps.width()).isEqualTo(1920);
    assertThat(sps.height()).isEqualTo(1080);
    assertThat(sps.frameMbsOnly()).isFalse();
  }

  @Test
  void rejectsEveryTruncationBeforeTheCroppingFields() {
    byte[] nal = hex("67640028acd940780227e5c044000003000400000300c83c60c658");
    for (int length = 0; length < 8; length++) {
      int cut = length;
      assertThatThrownBy(() -> AvcSps.parse(nal, 0, cut))
          .isInstanceOf(FlvException.class)
          .hasMessageStartingWith("H.264 SPS is too short");
    }
  }

  @Test
  void rejectsANalUnitThatIsNotAnSps() {
    assertThatThrownBy(() -> AvcSps.parse(hex("68ebe3cb22c0")))
        .isInstanceOf(FlvException.class)
        .hasMessage("NAL unit of type 8 is not an SPS (type 7)");
  }

  @Test
  void rejectsAnExpGolombCodeLongerThan32Bits() {
    assertThatThrownBy(() -> AvcSps.parse(hex("67640028 0000000000 ff")))
        .isInstanceOf(FlvException.class)
        .hasMessage("H.264 SPS has an Exp-Golomb code longer than 32 bits in seq_parameter_set_id");
  }

  @Test
  void rejectsValuesOutsideWhatH264Allows() {
    byte[] nal = new TestBits().u(8, 0x67).u(8, 100).u(8, 0).u(8, 40).ue(0).ue(4).nal();

    assertThatThrownBy(() -> AvcSps.parse(nal))
        .isInstanceOf(FlvException.class)
        .hasMessage("H.264 SPS has chroma_format_idc of 4, above the most allowed, 3");
  }

  @Test
  void rejectsPicturesLargerThanTheLimit() {
    byte[] nal = new TestBits().u(8, 0x67).u(8, 66).u(8, 0).u(8, 40).ue(0)
        .ue(0).ue(0).ue(0).ue(0).u(1, 0).ue(5000).nal();

    assertThatThrownBy(() -> AvcSps.parse(nal))
        .isInstanceOf(FlvException.class)
        .hasMessageContaining("pic_width_in_mbs_minus1 of 5000");
  }

  @Test
  void rejectsCroppingThatRemovesTheWholePicture() {
    byte[] nal = new TestBits().u(8, 0x67).u(8, 66).u(8, 0).u(8, 40).ue(0)
        .ue(0).ue(0).ue(0).ue(0).u(1, 0).ue(0).ue(0).u(1, 1).u(1, 1)
        .u(1, 1).ue(4).ue(4).ue(0).ue(0).u(1, 0).nal();

    assertThatThrownBy(() -> AvcSps.parse(nal))
        .isInstanceOf(FlvException.class)
        .hasMessage("H.264 SPS crops away the whole 16x16 picture");
  }
}
