package io.streaminglab.rtmp.message;

import java.util.Objects;

/**
 * One whole RTMP message: what the chunk decoder assembles and the chunk encoder splits.
 *
 * <p>The payload array is owned by the message and never changed after construction; many
 * readers may share one message (the ingest fans one publisher's frames out to every player).
 *
 * @param chunkStreamId the chunk stream it travels on (2 for protocol control, see {@link
 *     ChunkStreams})
 * @param typeId the message type, one of {@link MessageType}
 * @param timestamp the absolute timestamp in milliseconds, 32-bit unsigned (0 to 2^32-1)
 * @param streamId the message stream id (0 for the connection, else a stream from createStream)
 * @param payload the message body
 */
public record RtmpMessage(int chunkStreamId, int typeId, long timestamp, int streamId,
    byte[] payload) {

  public RtmpMessage {
    if (chunkStreamId < 2 || chunkStreamId > 65599) {
      throw new IllegalArgumentException("chunkStreamId out of range: " + chunkStreamId);
    }
    if (typeId < 0 || typeId > 255) {
      throw new IllegalArgumentException("typeId out of range: " + typeId);
    }
    if (timestamp < 0 || timestamp > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("timestamp out of range: " + timestamp);
    }
    Objects.requireNonNull(payload, "payload == null");
  }

  public int length() {
    return payload.length;
  }

  /** The same message at another timestamp, sharing the payload. */
  public RtmpMessage withTimestamp(long newTimestamp) {
    return new RtmpMessage(chunkStreamId, typeId, newTimestamp & 0xFFFFFFFFL, streamId, payload);
  }

  /** The same message on another message stream, sharing the payload. */
  public RtmpMessage withStreamId(int newStreamId) {
    return new RtmpMessage(chunkStreamId, typeId, timestamp, newStreamId, payload);
  }

  @Override
  public String toString() {
    return "RtmpMessage{type=" + MessageType.name(typeId) + ", csid=" + chunkStreamId
        + ", ts=" + timestamp + ", msid=" + streamId + ", length=" + payload.length + "}";
  }
}
