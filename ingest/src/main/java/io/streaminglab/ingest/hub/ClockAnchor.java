package io.streaminglab.ingest.hub;

import java.util.Map;

/**
 * Ties a publish session's timestamps to wall-clock time: the ingest takes it when the first
 * frame of a session arrives, and hands the same anchor to every reader, in-process or over
 * RTMP, so that independent packagers compute the same wall-clock time for the same frame and so
 * cut, name and date their segments alike.
 *
 * @param session the publish session it belongs to
 * @param wallClockMillis milliseconds since the epoch at which {@code timestamp} arrived
 * @param timestamp the stream timestamp (unwrapped, milliseconds) of that first frame
 */
public record ClockAnchor(long session, long wallClockMillis, long timestamp) {
  /**
   * The AMF0 data message that carries an anchor to RTMP readers: an {@code onMetaData} at
   * timestamp 0, sent before the publisher's own, whose properties are those of {@link
   * #toAmf0()}. Players that do not know it ignore it: ffmpeg turns a data message of any other
   * name into an extra data stream, but reads metadata at time 0 silently.
   */
  public static final String DATA_MESSAGE_NAME = "onMetaData";

  private static final String SESSION = "clockAnchorSession";
  private static final String WALL_CLOCK = "clockAnchorWallClockMillis";
  private static final String TIMESTAMP = "clockAnchorTimestamp";

  /** The wall-clock time in epoch milliseconds of a frame with stream timestamp {@code ts}. */
  public long wallClockAt(long ts) {
    return wallClockMillis + (ts - timestamp);
  }

  /** The anchor as the AMF0 object sent to RTMP readers. */
  public Map<String, Object> toAmf0() {
    return Map.of(SESSION, (double) session, WALL_CLOCK, (double) wallClockMillis,
        TIMESTAMP, (double) timestamp);
  }

  /** Reads an anchor from the AMF0 object of {@link #toAmf0()}, or null if it is not one. */
  public static ClockAnchor fromAmf0(Object value) {
    if (!(value instanceof Map)) {
      return null;
    }
    Map<?, ?> map = (Map<?, ?>) value;
    Object session = map.get(SESSION);
    Object wallClock = map.get(WALL_CLOCK);
    Object timestamp = map.get(TIMESTAMP);
    if (!(session instanceof Double) || !(wallClock instanceof Double)
        || !(timestamp instanceof Double)) {
      return null;
    }
    return new ClockAnchor(((Double) session).longValue(), ((Double) wallClock).longValue(),
        ((Double) timestamp).longValue());
  }
}
