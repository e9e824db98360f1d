package io.streaminglab.ingest.hub;

/**
 * Receives one path's live stream from the {@link StreamHub}.
 *
 * <p>Lifecycle, repeated for each publish session on the path:
 * <ol>
 *   <li>{@link #onSessionStart} with the session's clock anchor, when the session's first frame
 *       arrives, or at once when the reader joins a session already running;</li>
 *   <li>{@link #onFrame} for the metadata and sequence headers, then the frames from the last
 *       keyframe (for a reader that joins mid-session), then every live frame;</li>
 *   <li>{@link #onSessionEnd} when the publisher leaves.</li>
 * </ol>
 *
 * <p>Callbacks run on the publisher's thread while the hub holds the stream's lock: they must
 * not block. A reader that cannot keep up queues, drops or disconnects on its own terms; it never
 * slows the publisher or the other readers.
 */
public interface StreamReader {
  void onSessionStart(ClockAnchor anchor);

  void onFrame(MediaFrame frame);

  void onSessionEnd();
}
