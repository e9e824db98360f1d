package io.streaminglab.rtmp.handshake;

import io.streaminglab.rtmp.message.RtmpProtocolException;

/** The peer did not complete a valid RTMP handshake. */
public final class HandshakeException extends RtmpProtocolException {
  public HandshakeException(String message) {
    super(message);
  }
}
