package io.streaminglab.ingest.hub;

import io.streaminglab.media.flv.AudioTag;
import io.streaminglab.media.flv.FlvException;
import io.streaminglab.media.flv.VideoTag;

/** Makes {@link MediaFrame}s from RTMP audio and video message bodies (FLV tag bodies). */
public final class MediaFrames {
  private MediaFrames() {}

  /**
   * A video frame with the keyframe, sequence-header and composition-time fields its header
   * gives; codecs other than H.264 keep their FLV flags.
   *
   * @throws FlvException when the body is too short to have a header
   */
  public static MediaFrame video(long timestamp, long rtmpTimestamp, byte[] body) {
    VideoTag tag = VideoTag.parse(body);
    return new MediaFrame(MediaFrame.Kind.VIDEO, timestamp, rtmpTimestamp,
        tag.compositionTimeOffset(), tag.isKeyFrame(), tag.isSequenceHeader(), body);
  }

  /**
   * An audio frame; AAC sequence headers are flagged.
   *
   * @throws FlvException when the body is too short to have a header
   */
  public static MediaFrame audio(long timestamp, long rtmpTimestamp, byte[] body) {
    AudioTag tag = AudioTag.parse(body);
    return new MediaFrame(MediaFrame.Kind.AUDIO, timestamp, rtmpTimestamp, 0, false,
        tag.isSequenceHeader(), body);
  }
}
