package io.streaminglab.rtmp.message;

/**
 * When to acknowledge: the peer's Window Acknowledgement Size says how many bytes it may send
 * before it expects an Acknowledgement (RTMP specification 1.0, section 5.4.3). Both sides of
 * a connection keep one.
 */
public final class AcknowledgementWindow {
  private long window = 2_500_000;
  private long lastAcknowledged;

  /** Applies a Window Acknowledgement Size message from the peer. */
  public void onWindowAckSize(RtmpMessage message) {
    window = Math.max(1, ProtocolControl.readUint32(message));
  }

  /** The acknowledgement due now that {@code bytesReceived} bytes came in, or null. */
  public RtmpMessage acknowledgementDue(long bytesReceived) {
    if (bytesReceived - lastAcknowledged < window) {
      return null;
    }
    lastAcknowledged = bytesReceived;
    return ProtocolControl.acknowledgement(bytesReceived & 0xFFFFFFFFL);
  }
}
