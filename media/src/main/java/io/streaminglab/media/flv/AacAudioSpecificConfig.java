package io.streaminglab.media.flv;

import java.util.Objects;

/**
 * The start of an MPEG-4 AudioSpecificConfig (ISO/IEC 14496-3, 1.6.2.1): the body of an AAC
 * sequence header after the audio tag header, and the source of ADTS headers.
 *
 * <p>For HE-AAC signalled explicitly (object type 5 or 29 first), the fields describe the core
 * AAC stream that follows and {@link #extensionObjectType()} names the extension; this is what
 * ADTS needs, whose decoders find SBR and PS themselves. Fields after the channel configuration
 * (GASpecificConfig, backward-compatible extensions) are not read.
 *
 * @param audioObjectType the core audio object type: 1 main, 2 LC, 3 SSR, 4 LTP, and so on
 * @param samplingFrequencyIndex 0 (96 kHz) to 12 (7.35 kHz), or 15 when the frequency is given
 *     explicitly
 * @param samplingFrequency the core sampling frequency in Hz
 * @param channelConfiguration 1 to 7 for the standard layouts, 0 when a program config element
 *     in the stream describes them
 * @param extensionObjectType 5 (SBR) or 29 (SBR and PS) for explicit HE-AAC, otherwise 0
 */
public record AacAudioSpecificConfig(
    int audioObjectType,
    int samplingFrequencyIndex,
    int samplingFrequency,
    int channelConfiguration,
    int extensionObjectType) {

  /** The largest raw AAC frame an ADTS header can describe: 13 bits less the 7-byte header. */
  public static final int MAX_ADTS_PAYLOAD = 8191 - 7;

  private static final String SUBJECT = "AAC AudioSpecificConfig";
  private static final int EXPLICIT_FREQUENCY = 15;
  private static final int[] FREQUENCIES = {
    96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350
  };

  public AacAudioSpecificConfig {
    if (audioObjectType < 1) {
      throw new IllegalArgumentException("audioObjectType < 1: " + audioObjectType);
    }
    if (samplingFrequencyIndex < 0 || samplingFrequencyIndex > EXPLICIT_FREQUENCY) {
      throw new IllegalArgumentException(
          "samplingFrequencyIndex must be 0 to 15: " + samplingFrequencyIndex);
    }
    if (samplingFrequency < 1) {
      throw new IllegalArgumentException("samplingFrequency < 1: " + samplingFrequency);
    }
    if (channelConfiguration < 0 || channelConfiguration > 15) {
      throw new IllegalArgumentException(
          "channelConfiguration must be 0 to 15: " + channelConfiguration);
    }
    if (extensionObjectType != 0 && extensionObjectType != 5 && extensionObjectType != 29) {
      throw new IllegalArgumentException(
          "extensionObjectType must be 0, 5 or 29: " + extensionObjectType);
    }
  }

  /**
   * Parses a whole array as a config.
   *
   * @throws FlvException when the config is malformed or truncated
   */
  public static AacAudioSpecificConfig parse(byte[] data) {
    Objects.requireNonNull(data, "data == null");
    return parse(data, 0, data.length);
  }

  /**
   * Parses the config in {@code length} bytes at {@code offset}; bytes after the fields read are
   * ignored.
   *
   * @throws FlvException when the config is malformed or truncated
   */
  public static AacAudioSpecificConfig parse(byte[] data, int offset, int length) {
    BitReader in = new BitReader(data, offset, length, false, SUBJECT);
    int objectType = readObjectType(in);
    int frequencyIndex = in.bits(4, "the sampling frequency index");
    int frequency = readFrequency(in, frequencyIndex);
    int channels = in.bits(4, "the channel configuration");
    int extension = 0;
    if (objectType == 5 || objectType == 29) {
      extension = objectType;
      readFrequency(in, in.bits(4, "the extension sampling frequency index"));
      objectType = readObjectType(in);
    }
    return new AacAudioSpecificConfig(objectType, frequencyIndex, frequency, channels, extension);
  }

  private static int readObjectType(BitReader in) {
    int objectType = in.bits(5, "the audio object type");
    if (objectType == 31) {
      objectType = 32 + in.bits(6, "the extended audio object type");
    }
    if (objectType == 0) {
      throw new FlvException(SUBJECT + " has audio object type 0, which means none");
    }
    return objectType;
  }

  private static int readFrequency(BitReader in, int index) {
    if (index == EXPLICIT_FREQUENCY) {
      int frequency = in.bits(24, "the sampling frequency");
      if (frequency == 0) {
        throw new FlvException(SUBJECT + " gives a sampling frequency of 0 Hz");
      }
      return frequency;
    }
    if (index >= FREQUENCIES.length) {
      throw new FlvException(SUBJECT + " uses reserved sampling frequency index " + index);
    }
    return FREQUENCIES[index];
  }

  /**
   * A 7-byte ADTS header without CRC for one raw AAC frame of {@code aacFrameLength} bytes; the
   * frame length it carries includes the header.
   *
   * @throws IllegalArgumentException when {@code aacFrameLength} is negative or above {@link
   *     #MAX_ADTS_PAYLOAD}
   * @throws IllegalStateException when ADTS cannot describe this config: an object type above 4,
   *     an explicit sampling frequency, or a channel configuration above 7
   */
  public byte[] adtsHeader(int aacFrameLength) {
    if (aacFrameLength < 0 || aacFrameLength > MAX_ADTS_PAYLOAD) {
      throw new IllegalArgumentException(
          "aacFrameLength must be 0 to " + MAX_ADTS_PAYLOAD + ": " + aacFrameLength);
    }
    if (audioObjectType < 1 || audioObjectType > 4) {
      throw new IllegalStateException(
          "ADTS cannot carry audio object type " + audioObjectType + ", only 1 to 4");
    }
    if (samplingFrequencyIndex >= FREQUENCIES.length) {
      throw new IllegalStateException(
          "ADTS cannot carry an explicit sampling frequency of " + samplingFrequency + " Hz");
    }
    if (channelConfiguration > 7) {
      throw new IllegalStateException(
          "ADTS cannot carry channel configuration " + channelConfiguration + ", only 0 to 7");
    }
    int profile = audioObjectType - 1;
    int frameLength = aacFrameLength + 7;
    return new byte[] {
      (byte) 0xFF,
      // Sync word end, MPEG-4, layer 0, no CRC.
      (byte) 0xF1,
      (byte) (profile << 6 | samplingFrequencyIndex << 2 | channelConfiguration >> 2),
      (byte) ((channelConfiguration & 0x03) << 6 | frameLength >> 11),
      (byte) (frameLength >> 3),
      // Frame length end, then buffer fullness 0x7FF (variable bit rate).
      (byte) ((frameLength & 0x07) << 5 | 0x1F),
      // Buffer fullness end, one raw data block.
      (byte) 0xFC
    };
  }

  /**
   * The RFC 6381 codec string for HLS and DASH: {@code "mp4a.40.2"} for AAC-LC, {@code
   * "mp4a.40.5"} for HE-AAC signalled explicitly.
   */
  public String codecString() {
    return "mp4a.40." + (extensionObjectType != 0 ? extensionObjectType : audioObjectType);
  }
}
