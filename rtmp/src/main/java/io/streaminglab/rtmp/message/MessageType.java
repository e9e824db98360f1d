package io.streaminglab.rtmp.message;

/** RTMP message type ids (RTMP specification 1.0, sections 5.4 and 7.1). */
public final class MessageType {
  public static final int SET_CHUNK_SIZE = 1;
  public static final int ABORT = 2;
  public static final int ACKNOWLEDGEMENT = 3;
  public static final int USER_CONTROL = 4;
  public static final int WINDOW_ACK_SIZE = 5;
  public static final int SET_PEER_BANDWIDTH = 6;
  public static final int AUDIO = 8;
  public static final int VIDEO = 9;
  public static final int DATA_AMF3 = 15;
  public static final int SHARED_OBJECT_AMF3 = 16;
  public static final int COMMAND_AMF3 = 17;
  public static final int DATA_AMF0 = 18;
  public static final int SHARED_OBJECT_AMF0 = 19;
  public static final int COMMAND_AMF0 = 20;
  public static final int AGGREGATE = 22;

  private MessageType() {}

  /** Whether the type is one of the protocol control messages (1 to 6). */
  public static boolean isProtocolControl(int typeId) {
    return typeId >= SET_CHUNK_SIZE && typeId <= SET_PEER_BANDWIDTH;
  }

  /** A readable name for logs. */
  public static String name(int typeId) {
    switch (typeId) {
      case SET_CHUNK_SIZE: return "SetChunkSize";
      case ABORT: return "Abort";
      case ACKNOWLEDGEMENT: return "Acknowledgement";
      case USER_CONTROL: return "UserControl";
      case WINDOW_ACK_SIZE: return "WindowAckSize";
      case SET_PEER_BANDWIDTH: return "SetPeerBandwidth";
      case AUDIO: return "Audio";
      case VIDEO: return "Video";
      case DATA_AMF3: return "DataAmf3";
      case SHARED_OBJECT_AMF3: return "SharedObjectAmf3";
      case COMMAND_AMF3: return "CommandAmf3";
      case DATA_AMF0: return "DataAmf0";
      case SHARED_OBJECT_AMF0: return "SharedObjectAmf0";
      case COMMAND_AMF0: return "CommandAmf0";
      case AGGREGATE: return "Aggregate";
      default: return "Unknown(" + typeId + ")";
    }
  }
}
