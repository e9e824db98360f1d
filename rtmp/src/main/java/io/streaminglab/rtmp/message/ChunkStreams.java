package io.streaminglab.rtmp.message;

/** The chunk stream ids this implementation sends each kind of message on. */
public final class ChunkStreams {
  /** Protocol control messages travel on chunk stream 2 (RTMP specification 5.4). */
  public static final int PROTOCOL_CONTROL = 2;
  public static final int COMMAND = 3;
  public static final int AUDIO = 4;
  public static final int DATA = 5;
  public static final int VIDEO = 6;

  private ChunkStreams() {}
}
