package io.streaminglab.media.flv;

import static io.streaminglab.media.flv.TestBits.hex;
import static io.streaminglab.media.flv.VideoTagTest.FFMPEG_AVC_SEQUENCE_HEADER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AvcDecoderConfigurationRecordTest {
  @Test
  void readsTheRecordOfAnFfmpegSequenceHeader() {
    byte[] body = FFMPEG_AVC_SEQUENCE_HEADER;
    int payload = VideoTag.parse(body).payloadOffset();

    AvcDecoderConfigurationRecord record =
        AvcDecoderConfigurationRecord.parse(body, payload, body.length - payload);

    assertThat(record.configurationVersion()).isEqualTo(1);
    assertThat(record.profile()).isEqualTo(100);
    assertThat(record.profileCompatibility()).isZero();
    assertThat(record.level()).isEqualTo(13);
    assertThat(record.nalLengthSize()).isEqualTo(4);
    assertThat(record.sequenceParameterSets()).containsExactly(
        hex("6764000dacd94141fb011000000300100000030320f1429960"));
    assertThat(record.pictureParameterSets()).containsExactly(hex("68ebe3cb22c0"));
    assertThat(record.codecString()).isEqualTo("avc1.64000d");
  }

  @Test
  void readsTwoByteLengthPrefixesAndEmptyParameterSetLists() {
    AvcDecoderConfigurationRecord record = AvcDecoderConfigurationRecord.parse(
        hex("01 42c01e fd e0 00"));

    assertThat(record.nalLengthSize()).isEqualTo(2);
    assertThat(record.sequenceParameterSets()).isEmpty();
    assertThat(record.pictureParameterSets()).isEmpty();
  }

  @Test
  void rejectsOtherVersions() {
    assertThatThrownBy(() -> AvcDecoderConfigurationRecord.parse(hex("00 640028 ff e0 00")))
        .isInstanceOf(FlvException.class)
        .hasMessage("AVC decoder configuration record has version 0 where 1 is expected");
  }

  @Test
  void rejectsANalLengthSizeOfThree() {
    assertThatThrownBy(() -> AvcDecoderConfigurationRecord.parse(hex("01 640028 fe e0 00")))
        .isInstanceOf(FlvException.class)
        .hasMessageContaining("NAL unit length size of 3");
  }

  @Test
  void rejectsAParameterSetLongerThanWhatRemains() {
    assertThatThrownBy(() -> AvcDecoderConfigurationRecord.parse(hex("01 640028 ff e1 ffff 67")))
        .isInstanceOf(FlvException.class)
        .hasMessage("AVC decoder configuration record is too short: SPS 0 needs 65535 bytes but"
            + " only 1 remain");
  }

  @Test
  void rejectsEveryTruncationBeforeTheLastPps() {
    byte[] record = Arrays.copyOfRange(FFMPEG_AVC_SEQUENCE_HEADER, 5, 5 + 42);
    AvcDecoderConfigurationRecord.parse(record);
    for (int length = 0; length < record.length; length++) {
      int cut = length;
      assertThatThrownBy(() -> AvcDecoderConfigurationRecord.parse(record, 0, cut))
          .isInstanceOf(FlvException.class);
    }
  }
}
