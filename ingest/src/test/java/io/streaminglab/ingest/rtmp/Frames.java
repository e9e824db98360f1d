package io.streaminglab.ingest.rtmp;

import io.streaminglab.rtmp.message.ChunkStreams;
import io.streaminglab.rtmp.message.MessageType;
import io.streaminglab.rtmp.message.RtmpMessage;

/** FLV tag bodies of the kinds a publisher sends, for tests. */
final class Frames {
  private Frames() {}

  static RtmpMessage avcSequenceHeader() {
    return video(0, new byte[] {0x17, 0, 0, 0, 0, 1, 0x64, 0, 0x1F, (byte) 0xFF, (byte) 0xE1,
        0, 4, 0x67, 0x64, 0, 0x1F, 1, 0, 2, 0x68, (byte) 0xEE});
  }

  static RtmpMessage keyframe(long timestamp) {
    return video(timestamp, new byte[] {0x17, 1, 0, 0, 0, 0, 0, 0, 3, 0x65, (byte) 0x88, 0x10});
  }

  static RtmpMessage interframe(long timestamp) {
    return video(timestamp, new byte[] {0x27, 1, 0, 0, 40, 0, 0, 0, 3, 0x41, (byte) 0x9A, 0x10});
  }

  static RtmpMessage aacSequenceHeader() {
    return audio(0, new byte[] {(byte) 0xAF, 0, 0x12, 0x10});
  }

  static RtmpMessage aacFrame(long timestamp) {
    return audio(timestamp, new byte[] {(byte) 0xAF, 1, 0x21, 0x10, 0x04});
  }

  static RtmpMessage video(long timestamp, byte[] body) {
    return new RtmpMessage(ChunkStreams.VIDEO, MessageType.VIDEO, timestamp, 1, body);
  }

  static RtmpMessage audio(long timestamp, byte[] body) {
    return new RtmpMessage(ChunkStreams.AUDIO, MessageType.AUDIO, timestamp, 1, body);
  }
}
