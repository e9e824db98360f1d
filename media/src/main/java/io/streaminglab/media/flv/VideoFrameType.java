package io.streaminglab.media.flv;

/** The frame type of a video tag, legacy or Enhanced RTMP, where the codes are the same. */
public enum VideoFrameType {
  /** Codes 0, 6 and 7 (and 8 to 15 in legacy tags), which no specification defines. */
  RESERVED(-1),
  /** A seekable frame; for H.264 it starts with an IDR picture. */
  KEY_FRAME(1),
  /** A frame that depends on earlier ones. */
  INTER_FRAME(2),
  /** An inter frame nothing depends on (H.263 only). */
  DISPOSABLE_INTER_FRAME(3),
  /** A key frame made by a server, not by the encoder. */
  GENERATED_KEY_FRAME(4),
  /** Not a picture: a one-byte video info or command such as start or end of seek. */
  COMMAND_FRAME(5);

  private final int code;

  VideoFrameType(int code) {
    this.code = code;
  }

  /** The code on the wire, or -1 for {@link #RESERVED}. */
  public int code() {
    return code;
  }

  /** The frame type for a code on the wire; codes no specification defines are reserved. */
  public static VideoFrameType of(int code) {
    return switch (code) {
      case 1 -> KEY_FRAME;
      case 2 -> INTER_FRAME;
      case 3 -> DISPOSABLE_INTER_FRAME;
      case 4 -> GENERATED_KEY_FRAME;
      case 5 -> COMMAND_FRAME;
      default -> RESERVED;
    };
  }
}
