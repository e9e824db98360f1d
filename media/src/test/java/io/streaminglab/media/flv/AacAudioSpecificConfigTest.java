package io.streaminglab.media.flv;

import static io.streaminglab.media.flv.AudioTagTest.FFMPEG_AAC_SEQUENCE_HEADER;
import static io.streaminglab.media.flv.TestBits.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AacAudioSpecificConfigTest {
  @Test
  void readsTheConfigOfAnFfmpegSequenceHeader() {
    byte[] body = FFMPEG_AAC_SEQUENCE_HEADER;
    int payload = AudioTag.parse(body).payloadOffset();

    AacAudioSpecificConfig config =
        AacAudioSpecificConfig.parse(body, payload, body.length - payload);

    assertThat(config).isEqualTo(new AacAudioSpecificConfig(2, 4, 44_100, 2, 0));
    assertThat(config.codecString()).isEqualTo("mp4a.40.2");
  }

  @Test
  void readsMonoAndSixChannelConfigs() {
    assertThat(AacAudioSpecificConfig.parse(hex("1188"))).isEqualTo(
        new AacAudioSpecificConfig(2, 3, 48_000, 1, 0));
    assertThat(AacAudioSpecificConfig.parse(hex("13b0"))).isEqualTo(
        new AacAudioSpecificConfig(2, 7, 22_050, 6, 0));
  }

  @Test
  void readsExplicitHeAacAsItsCoreWithTheExtensionNamed() {
    // Object type 5 at 24 kHz stereo, extension at 48 kHz, core object type 2.
    AacAudioSpecificConfig config = AacAudioSpecificConfig.parse(hex("2b118800"));

    assertThat(config).isEqualTo(new AacAudioSpecificConfig(2, 6, 24_000, 2, 5));
    assertThat(config.codecString()).isEqualTo("mp4a.40.5");
  }

  @Test
  void readsAnExplicitFrequencyAndAnEscapedObjectType() {
    byte[] explicit = new TestBits().u(5, 2).u(4, 15).u(24, 44_000).u(4, 1).bytes();
    byte[] escaped = new TestBits().u(5, 31).u(6, 10).u(4, 3).u(4, 2).bytes();

    assertThat(AacAudioSpecificConfig.parse(explicit)).isEqualTo(
        new AacAudioSpecificConfig(2, 15, 44_000, 1, 0));
    assertThat(AacAudioSpecificConfig.parse(escaped).audioObjectType()).isEqualTo(42);
  }

  @Test
  void writesTheSameAdtsHeaderAsFfmpeg() {
    // FFmpeg's ADTS muxer wrote this before the first 338-byte frame of the same stream.
    AacAudioSpecificConfig config = AacAudioSpecificConfig.parse(hex("1210"));

    assertThat(config.adtsHeader(338)).isEqualTo(hex("fff150802b3ffc"));
  }

  @Test
  void writesTheLargestFrameLengthAdtsCanCarry() {
    byte[] header = AacAudioSpecificConfig.parse(hex("13b0")).adtsHeader(8184);

    int frameLength = (header[3] & 0x03) << 11 | (header[4] & 0xFF) << 3 | (header[5] & 0xFF) >> 5;
    assertThat(frameLength).isEqualTo(8191);
    int channels = (header[2] & 0x01) << 2 | (header[3] & 0xFF) >> 6;
    assertThat(channels).isEqualTo(6);
  }

  @Test
  void refusesAdtsHeadersItCannotExpress() {
    AacAudioSpecificConfig lc = AacAudioSpecificConfig.parse(hex("1210"));

    assertThatThrownBy(() -> lc.adtsHeader(8185))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("aacFrameLength must be 0 to 8184: 8185");
    assertThatThrownBy(() -> new AacAudioSpecificConfig(42, 4, 44_100, 2, 0).adtsHeader(10))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("ADTS cannot carry audio object type 42, only 1 to 4");
    assertThatThrownBy(() -> new AacAudioSpecificConfig(2, 15, 44_000, 2, 0).adtsHeader(10))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("explicit sampling frequency");
  }

  @Test
  void refusesToBuildAConfigWithFieldsOutOfRange() {
    assertThatThrownBy(() -> new AacAudioSpecificConfig(2, 16, 44_100, 2, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("samplingFrequencyIndex must be 0 to 15: 16");
    assertThatThrownBy(() -> new AacAudioSpecificConfig(2, 4, 44_100, 2, 7))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("extensionObjectType must be 0, 5 or 29: 7");
  }

  @Test
  void rejectsReservedFrequencyIndexesAndObjectTypeZero() {
    assertThatThrownBy(() -> AacAudioSpecificConfig.parse(hex("1690")))
        .isInstanceOf(FlvException.class)
        .hasMessage("AAC AudioSpecificConfig uses reserved sampling frequency index 13");
    assertThatThrownBy(() -> AacAudioSpecificConfig.parse(hex("0210")))
        .isInstanceOf(FlvException.class)
        .hasMessageContaining("object type 0");
  }

  @Test
  void rejectsTruncatedConfigs() {
    assertThatThrownBy(() -> AacAudioSpecificConfig.parse(hex("12")))
        .isInstanceOf(FlvException.class)
        .hasMessage("AAC AudioSpecificConfig is too short: it ends while reading the sampling"
            + " frequency index");
    assertThatThrownBy(() -> AacAudioSpecificConfig.parse(new byte[0]))
        .isInstanceOf(FlvException.class);
  }
}
