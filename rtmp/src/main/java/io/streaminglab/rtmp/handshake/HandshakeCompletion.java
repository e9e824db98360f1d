package io.streaminglab.rtmp.handshake;

/** The user event a handshake handler fires when the handshake is done and it has left. */
public enum HandshakeCompletion {
  SUCCESS
}
