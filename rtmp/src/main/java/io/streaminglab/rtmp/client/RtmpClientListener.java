package io.streaminglab.rtmp.client;

import io.streaminglab.rtmp.message.RtmpMessage;

/** What an {@link RtmpClient} reports. Callbacks run on the connection's event loop. */
public interface RtmpClientListener {
  /** Play or publish has started: for a publisher, media may now be sent. */
  default void onStarted(RtmpClient client) {}

  /** An audio, video or data message from the server while playing. */
  default void onMessage(RtmpMessage message) {}

  /**
   * The messages of one read from the socket have all been given to {@link #onMessage}; a
   * client that reads on demand ({@link RtmpClient#readOnDemand()}) asks for its next read
   * here or later.
   */
  default void onReadComplete() {}

  /** An onStatus the server sent, such as NetStream.Play.UnpublishNotify. */
  default void onStatus(String level, String code, String description) {}

  /** The connection is gone; {@code reason} says why (null for a close we asked for). */
  default void onClosed(String reason) {}
}
