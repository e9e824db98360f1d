package io.streaminglab.media.flv;

import java.util.Objects;

/**
 * One tag of an FLV file: its type (8 audio, 9 video, 18 script data), its timestamp and its
 * body, which is what an RTMP message of the same type carries.
 *
 * @param type the tag type
 * @param timestamp milliseconds, 0 to 2^32-1
 * @param body the tag's data, owned by the tag and never changed
 */
public record FlvFileTag(int type, long timestamp, byte[] body) {
  public static final int AUDIO = 8;
  public static final int VIDEO = 9;
  public static final int SCRIPT_DATA = 18;

  public FlvFileTag {
    Objects.requireNonNull(body, "body == null");
  }
}
