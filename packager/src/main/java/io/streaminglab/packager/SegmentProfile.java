package io.streaminglab.packager;

import io.streaminglab.media.flv.AacAudioSpecificConfig;
import io.streaminglab.media.flv.AvcDecoderConfigurationRecord;
import java.util.List;
import java.util.Objects;

/**
 * What the live multivariant playlist says about one segment, taken from the segment and the
 * frames in it, never from what the packager saw before, so that two packagers describe the
 * same segment alike.
 *
 * @param sequence its media sequence number
 * @param bytes its size
 * @param durationMillis its duration, as listed
 * @param video the AVC configuration its frames were coded with, or null if none was seen
 * @param audio the AAC configuration of its audio, or null when it has no audio
 * @param frameIntervals milliseconds from each video frame in it to the next one, in decode
 *     order, the last to the segment's end
 */
record SegmentProfile(long sequence, long bytes, long durationMillis,
    AvcDecoderConfigurationRecord video, AacAudioSpecificConfig audio,
    List<Integer> frameIntervals) {

  SegmentProfile {
    frameIntervals = List.copyOf(Objects.requireNonNull(frameIntervals,
        "frameIntervals == null"));
  }
}
