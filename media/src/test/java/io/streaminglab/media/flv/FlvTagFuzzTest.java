package io.streaminglab.media.flv;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Feeds arbitrary bytes to every parser of this package. Only {@link FlvException} may escape,
 * and what parses must describe ranges inside the input.
 *
 * <p>A plain test run replays the inputs under {@code FlvTagFuzzTestInputs} in the test
 * resources. To fuzz one target: {@code JAZZER_FUZZ=1 ./mvnw -pl media test
 * -Dtest=FlvTagFuzzTest#videoTagHeadersParseOrThrowFlvException}.
 */
class FlvTagFuzzTest {
  @FuzzTest(maxDuration = "2m")
  void flvFilesParseOrThrowFlvException(byte[] input) {
    try {
      for (FlvFileTag tag : FlvFileReader.read(input)) {
        check(tag.body().length < input.length, "tag body size");
      }
    } catch (FlvException expected) {
      // Malformed input is reported, never anything else.
    }
  }

  @FuzzTest(maxDuration = "2m")
  void videoTagHeadersParseOrThrowFlvException(byte[] input) {
    try {
      VideoTag tag = VideoTag.parse(input);
      check(tag.payloadOffset() >= 1 && tag.payloadOffset() <= input.length, "payload offset");
    } catch (FlvException expected) {
      // Malformed input is reported, never anything else.
    }
  }

  @FuzzTest(maxDuration = "2m")
  void audioTagHeadersParseOrThrowFlvException(byte[] input) {
    try {
      AudioTag tag = AudioTag.parse(input);
      check(tag.payloadOffset() >= 1 && tag.payloadOffset() <= input.length, "payload offset");
    } catch (FlvException expected) {
      // Malformed input is reported, never anything else.
    }
  }

  @FuzzTest(maxDuration = "2m")
  void avcDecoderConfigurationRecordsParseOrThrowFlvException(byte[] input) {
    try {
      AvcDecoderConfigurationRecord record = AvcDecoderConfigurationRecord.parse(input);
      int nalLengthSize = record.nalLengthSize();
      check(nalLengthSize == 1 || nalLengthSize == 2 || nalLengthSize == 4, "NAL length size");
    } catch (FlvException expected) {
      // Malformed input is reported, never anything else.
    }
  }

  @FuzzTest(maxDuration = "2m")
  void avcSpsParsesOrThrowsFlvException(byte[] input) {
    try {
      AvcSps sps = AvcSps.parse(input);
      int max = AvcSps.MAX_DIMENSION_MACROBLOCKS * 16;
      check(sps.width() > 0 && sps.width() <= max, "width");
      check(sps.height() > 0 && sps.height() <= max, "height");
    } catch (FlvException expected) {
      // Malformed input is reported, never anything else.
    }
  }

  @FuzzTest(maxDuration = "2m")
  void aacAudioSpecificConfigsParseOrThrowFlvException(byte[] input) {
    AacAudioSpecificConfig config;
    try {
      config = AacAudioSpecificConfig.parse(input);
    } catch (FlvException expected) {
      return;
    }
    try {
      check(config.adtsHeader(input.length % (AacAudioSpecificConfig.MAX_ADTS_PAYLOAD + 1))
          .length == 7, "ADTS header length");
    } catch (IllegalStateException notExpressibleInAdts) {
      // Documented: object types above 4 and explicit frequencies have no ADTS form.
    }
  }

  @FuzzTest(maxDuration = "2m")
  void avcNalUnitsSplitOrThrowFlvException(byte[] input) {
    if (input.length == 0) {
      return;
    }
    int nalLengthSize = new int[] {1, 2, 4, 4}[input[0] & 0x03];
    try {
      for (AvcNalUnit unit : AvcNalUnits.split(input, 1, input.length - 1, nalLengthSize)) {
        check(unit.offset() >= 1 && unit.offset() + unit.length() <= input.length, "NAL range");
      }
    } catch (FlvException expected) {
      // Malformed input is reported, never anything else.
    }
  }

  /** What an ingest does with a video message: header, then configuration and SPS, or NALs. */
  @FuzzTest(maxDuration = "2m")
  void videoIngestPathParsesOrThrowsFlvException(byte[] input) {
    try {
      VideoTag tag = VideoTag.parse(input);
      int payload = tag.payloadOffset();
      if (!tag.isAvc()) {
        return;
      }
      if (tag.isSequenceHeader()) {
        AvcDecoderConfigurationRecord record =
            AvcDecoderConfigurationRecord.parse(input, payload, input.length - payload);
        for (byte[] sps : record.sequenceParameterSets()) {
          AvcSps.parse(sps);
        }
      } else if (tag.packetType() == VideoPacketType.CODED_FRAMES) {
        AvcNalUnits.containsIdr(input, payload, input.length - payload, 4);
      }
    } catch (FlvException expected) {
      // Malformed input is reported, never anything else.
    }
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError("parsed result has an impossible " + what);
    }
  }
}
