package io.streaminglab.mpegts;

import io.streaminglab.media.flv.AacAudioSpecificConfig;
import io.streaminglab.media.flv.AvcDecoderConfigurationRecord;
import java.util.Objects;

/**
 * The elementary streams a segment carries, with their decoder configurations: H.264 video,
 * AAC audio, or both. A segment's PMT lists exactly these, so every segment of a stream
 * should be written with the same value.
 *
 * @param video the H.264 configuration from the stream's sequence header, whose SPS and PPS
 *     are repeated before IDR access units; null when the stream has no video
 * @param audio the AAC configuration from the stream's sequence header, which must be one ADTS
 *     can describe; null when the stream has no audio
 */
public record TsStreams(AvcDecoderConfigurationRecord video, AacAudioSpecificConfig audio) {

  /**
   * @throws IllegalArgumentException when neither stream is given, the video configuration
   *     lacks an SPS or a PPS, or ADTS cannot describe the audio configuration
   */
  public TsStreams {
    if (video == null && audio == null) {
      throw new IllegalArgumentException("a segment needs a video stream, an audio stream or both");
    }
    if (video != null
        && (video.sequenceParameterSets().isEmpty() || video.pictureParameterSets().isEmpty())) {
      throw new IllegalArgumentException(
          "the video configuration needs an SPS and a PPS to repeat before IDR access units");
    }
    if (audio != null) {
      try {
        audio.adtsHeader(0);
      } catch (IllegalStateException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
  }

  /** H.264 video and AAC audio. */
  public static TsStreams of(AvcDecoderConfigurationRecord video, AacAudioSpecificConfig audio) {
    return new TsStreams(
        Objects.requireNonNull(video, "video == null"),
        Objects.requireNonNull(audio, "audio == null"));
  }

  /** H.264 video alone. */
  public static TsStreams videoOnly(AvcDecoderConfigurationRecord video) {
    return new TsStreams(Objects.requireNonNull(video, "video == null"), null);
  }

  /** AAC audio alone. */
  public static TsStreams audioOnly(AacAudioSpecificConfig audio) {
    return new TsStreams(null, Objects.requireNonNull(audio, "audio == null"));
  }

  public boolean hasVideo() {
    return video != null;
  }

  public boolean hasAudio() {
    return audio != null;
  }
}
