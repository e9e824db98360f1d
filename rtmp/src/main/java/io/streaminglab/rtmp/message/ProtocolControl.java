package io.streaminglab.rtmp.message;

/**
 * Builds and reads the protocol control messages (types 1 to 6) and the user control events
 * (type 4) of RTMP specification 1.0, sections 5.4 and 7.1.7.
 */
public final class ProtocolControl {
  /** The largest chunk size a peer may set: the spec's 31 bits, capped as ffmpeg does. */
  public static final int MAX_CHUNK_SIZE = 0xFFFFFF;

  /** Set Peer Bandwidth limit types. */
  public static final int LIMIT_HARD = 0;
  public static final int LIMIT_SOFT = 1;
  public static final int LIMIT_DYNAMIC = 2;

  /** User control event types. */
  public static final int EVENT_STREAM_BEGIN = 0;
  public static final int EVENT_STREAM_EOF = 1;
  public static final int EVENT_STREAM_DRY = 2;
  public static final int EVENT_SET_BUFFER_LENGTH = 3;
  public static final int EVENT_STREAM_IS_RECORDED = 4;
  public static final int EVENT_PING_REQUEST = 6;
  public static final int EVENT_PING_RESPONSE = 7;

  private ProtocolControl() {}

  public static RtmpMessage setChunkSize(int size) {
    if (size < 1 || size > MAX_CHUNK_SIZE) {
      throw new IllegalArgumentException("chunk size out of range: " + size);
    }
    return control(MessageType.SET_CHUNK_SIZE, int32(size));
  }

  public static RtmpMessage acknowledgement(long sequenceNumber) {
    return control(MessageType.ACKNOWLEDGEMENT, int32((int) sequenceNumber));
  }

  public static RtmpMessage windowAckSize(int size) {
    return control(MessageType.WINDOW_ACK_SIZE, int32(size));
  }

  public static RtmpMessage setPeerBandwidth(int size, int limitType) {
    byte[] body = new byte[5];
    putInt(body, 0, size);
    body[4] = (byte) limitType;
    return control(MessageType.SET_PEER_BANDWIDTH, body);
  }

  /** A user control event with one 32-bit argument (stream id or timestamp). */
  public static RtmpMessage userControl(int eventType, int value) {
    byte[] body = new byte[6];
    body[0] = (byte) (eventType >> 8);
    body[1] = (byte) eventType;
    putInt(body, 2, value);
    return control(MessageType.USER_CONTROL, body);
  }

  public static RtmpMessage streamBegin(int streamId) {
    return userControl(EVENT_STREAM_BEGIN, streamId);
  }

  public static RtmpMessage streamEof(int streamId) {
    return userControl(EVENT_STREAM_EOF, streamId);
  }

  public static RtmpMessage streamIsRecorded(int streamId) {
    return userControl(EVENT_STREAM_IS_RECORDED, streamId);
  }

  /**
   * Reads the 32-bit value that types 1, 3 and 5 carry (and the first field of type 6).
   *
   * @throws RtmpProtocolException when the body is shorter than four bytes
   */
  public static long readUint32(RtmpMessage message) {
    byte[] body = message.payload();
    if (body.length < 4) {
      throw new RtmpProtocolException(MessageType.name(message.typeId())
          + " message has " + body.length + " bytes, expected at least 4");
    }
    return ((body[0] & 0xFFL) << 24) | ((body[1] & 0xFFL) << 16) | ((body[2] & 0xFFL) << 8)
        | (body[3] & 0xFFL);
  }

  /** The event type of a user control message, or -1 when it is too short to have one. */
  public static int userControlEvent(RtmpMessage message) {
    byte[] body = message.payload();
    return body.length < 2 ? -1 : ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
  }

  /** The 32-bit argument of a user control event, or -1 when the event has none. */
  public static long userControlValue(RtmpMessage message) {
    byte[] body = message.payload();
    if (body.length < 6) {
      return -1;
    }
    return ((body[2] & 0xFFL) << 24) | ((body[3] & 0xFFL) << 16) | ((body[4] & 0xFFL) << 8)
        | (body[5] & 0xFFL);
  }

  private static RtmpMessage control(int typeId, byte[] body) {
    return new RtmpMessage(ChunkStreams.PROTOCOL_CONTROL, typeId, 0, 0, body);
  }

  private static byte[] int32(int value) {
    byte[] body = new byte[4];
    putInt(body, 0, value);
    return body;
  }

  private static void putInt(byte[] target, int offset, int value) {
    target[offset] = (byte) (value >>> 24);
    target[offset + 1] = (byte) (value >>> 16);
    target[offset + 2] = (byte) (value >>> 8);
    target[offset + 3] = (byte) value;
  }
}
