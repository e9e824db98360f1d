package io.streaminglab.packager;

import io.streaminglab.ingest.hub.ClockAnchor;
import io.streaminglab.ingest.hub.MediaFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * A synthetic live stream as the hub hands it out: H.264 sequence header, then 25 fps video
 * with a keyframe every {@code gopMillis}, AAC every 23 ms, all with tiny bodies.
 */
final class TestStream {
  static final byte[] AVC_CONFIG = {0x17, 0, 0, 0, 0, 1, 0x64, 0, 0x1F, (byte) 0xFF,
      (byte) 0xE1, 0, 4, 0x67, 0x64, 0, 0x1F, 1, 0, 2, 0x68, (byte) 0xEE};
  static final byte[] AAC_CONFIG = {(byte) 0xAF, 0, 0x12, 0x10};

  private TestStream() {}

  static MediaFrame videoConfig() {
    return new MediaFrame(MediaFrame.Kind.VIDEO, 0, 0, 0, true, true, AVC_CONFIG);
  }

  static MediaFrame audioConfig() {
    return new MediaFrame(MediaFrame.Kind.AUDIO, 0, 0, 0, false, true, AAC_CONFIG);
  }

  static MediaFrame video(long timestamp, boolean keyframe) {
    byte type = (byte) (keyframe ? 0x65 : 0x41);
    byte[] body = {(byte) (keyframe ? 0x17 : 0x27), 1, 0, 0, 0, 0, 0, 0, 4, type,
        (byte) 0x88, (byte) timestamp, (byte) (timestamp >> 8)};
    return new MediaFrame(MediaFrame.Kind.VIDEO, timestamp, timestamp, 0, keyframe, false, body);
  }

  static MediaFrame audio(long timestamp) {
    byte[] body = {(byte) 0xAF, 1, 0x21, 0x10, (byte) timestamp, 0x04};
    return new MediaFrame(MediaFrame.Kind.AUDIO, timestamp, timestamp, 0, false, false, body);
  }

  /** The frames from {@code fromMillis} (inclusive) to {@code toMillis} (exclusive). */
  static List<MediaFrame> frames(long fromMillis, long toMillis, long gopMillis) {
    List<MediaFrame> frames = new ArrayList<>();
    long audio = (fromMillis + 22) / 23 * 23;
    for (long t = fromMillis; t < toMillis; t += 40) {
      while (audio < t) {
        frames.add(audio(audio));
        audio += 23;
      }
      frames.add(video(t, t % gopMillis == 0));
    }
    return frames;
  }

  static ClockAnchor anchor(long session, long wallClockMillis) {
    return new ClockAnchor(session, wallClockMillis, 0);
  }
}
