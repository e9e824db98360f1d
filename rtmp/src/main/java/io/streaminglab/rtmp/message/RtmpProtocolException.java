package io.streaminglab.rtmp.message;

import io.netty.handler.codec.DecoderException;

/**
 * A peer broke the RTMP protocol: a bad chunk header, a size past a limit, a malformed command.
 * The session that received it is closed; no other session is affected.
 */
public class RtmpProtocolException extends DecoderException {
  public RtmpProtocolException(String message) {
    super(message);
  }

  public RtmpProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
