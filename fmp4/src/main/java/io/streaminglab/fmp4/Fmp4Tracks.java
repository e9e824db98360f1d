package io.streaminglab.fmp4;

import io.streaminglab.media.flv.AacAudioSpecificConfig;
import io.streaminglab.media.flv.AvcDecoderConfigurationRecord;
import io.streaminglab.media.flv.AvcSps;
import java.util.Arrays;
import java.util.Objects;

/**
 * The tracks of a fragmented MP4 stream: H.264 video (track {@value #VIDEO_TRACK_ID}), AAC audio
 * (track {@value #AUDIO_TRACK_ID}), or both, each described by the decoder configuration the
 * publisher sent, byte for byte. The init segment is written from this alone, so a stream whose
 * configurations do not change keeps one init segment.
 *
 * @param avcConfiguration the AVCDecoderConfigurationRecord (the {@code avcC} box's body) as
 *     sent, or null when the stream has no video
 * @param avc that record parsed; null with it
 * @param width the displayed width from the first SPS; 0 without video
 * @param height the displayed height from the first SPS; 0 without video
 * @param audioSpecificConfig the AudioSpecificConfig as sent, or null when the stream has no
 *     audio
 * @param aac that config parsed; null with it
 */
public record Fmp4Tracks(
    byte[] avcConfiguration,
    AvcDecoderConfigurationRecord avc,
    int width,
    int height,
    byte[] audioSpecificConfig,
    AacAudioSpecificConfig aac) {

  public static final int VIDEO_TRACK_ID = 1;
  public static final int AUDIO_TRACK_ID = 2;
  /** The video track's clock: the 90 kHz of MPEG-TS, so both formats carry the same times. */
  public static final int VIDEO_TIMESCALE = 90_000;

  public Fmp4Tracks {
    if (avcConfiguration == null && audioSpecificConfig == null) {
      throw new IllegalArgumentException("a stream needs a video track, an audio track or both");
    }
    if ((avcConfiguration == null) != (avc == null)
        || (audioSpecificConfig == null) != (aac == null)) {
      throw new IllegalArgumentException("a configuration comes with its parsed form");
    }
  }

  /**
   * The tracks for the given configurations, either of which may be null (not both).
   *
   * @param avcConfiguration an AVCDecoderConfigurationRecord with at least one SPS and one PPS
   * @param audioSpecificConfig an AAC AudioSpecificConfig
   * @throws io.streaminglab.media.flv.FlvException when a configuration is malformed
   * @throws IllegalArgumentException when both are null or the video has no SPS or no PPS
   */
  public static Fmp4Tracks of(byte[] avcConfiguration, byte[] audioSpecificConfig) {
    AvcDecoderConfigurationRecord avc = null;
    int width = 0;
    int height = 0;
    byte[] video = null;
    if (avcConfiguration != null) {
      video = avcConfiguration.clone();
      avc = AvcDecoderConfigurationRecord.parse(video);
      if (avc.sequenceParameterSets().isEmpty() || avc.pictureParameterSets().isEmpty()) {
        throw new IllegalArgumentException(
            "the video configuration needs an SPS and a PPS for the decoder");
      }
      AvcSps sps = AvcSps.parse(avc.sequenceParameterSets().get(0));
      width = sps.width();
      height = sps.height();
    }
    byte[] audio = null;
    AacAudioSpecificConfig aac = null;
    if (audioSpecificConfig != null) {
      audio = audioSpecificConfig.clone();
      aac = AacAudioSpecificConfig.parse(audio);
    }
    return new Fmp4Tracks(video, avc, width, height, audio, aac);
  }

  public boolean hasVideo() {
    return avcConfiguration != null;
  }

  public boolean hasAudio() {
    return audioSpecificConfig != null;
  }

  /** The audio track's clock: its sampling frequency, so that each AAC frame lasts 1024. */
  public int audioTimescale() {
    return aac == null ? 0 : aac.samplingFrequency();
  }

  /** The RFC 6381 codecs of the tracks, video first, for a multivariant playlist. */
  public String codecs() {
    if (avc == null) {
      return aac.codecString();
    }
    return aac == null ? avc.codecString() : avc.codecString() + "," + aac.codecString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Fmp4Tracks that
        && Arrays.equals(avcConfiguration, that.avcConfiguration)
        && Arrays.equals(audioSpecificConfig, that.audioSpecificConfig);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(avcConfiguration), Arrays.hashCode(audioSpecificConfig));
  }

  @Override
  public String toString() {
    return "Fmp4Tracks[" + codecs() + (avc == null ? "" : ", " + width + "x" + height) + "]";
  }
}
