package io.streaminglab.ingest.hub;

import java.util.Objects;

/**
 * One audio frame, video frame or script data message of a live stream, as the publisher sent
 * it: the body is the FLV tag body (RTMP message payload) and is never changed after creation,
 * so that every reader can share it.
 *
 * @param kind audio, video or data
 * @param timestamp the decode timestamp in milliseconds, unwrapped from RTMP's 32 bits so that
 *     it keeps rising through a wrap
 * @param rtmpTimestamp the publisher's own 32-bit timestamp, for RTMP players
 * @param compositionOffset presentation minus decode time in milliseconds (video), else 0
 * @param keyframe whether the frame is a video keyframe (an IDR for H.264)
 * @param sequenceHeader whether it is a codec configuration (AVC or AAC sequence header)
 * @param body the FLV tag body
 */
public record MediaFrame(Kind kind, long timestamp, long rtmpTimestamp, int compositionOffset,
    boolean keyframe, boolean sequenceHeader, byte[] body) {

  /** What a frame carries. */
  public enum Kind {
    AUDIO,
    VIDEO,
    /** An AMF0 script data message such as onMetaData. */
    DATA
  }

  public MediaFrame {
    Objects.requireNonNull(kind, "kind == null");
    Objects.requireNonNull(body, "body == null");
  }

  /** The presentation timestamp in milliseconds. */
  public long presentationTimestamp() {
    return timestamp + compositionOffset;
  }

  public int size() {
    return body.length;
  }
}
