package io.streaminglab.ingest.hub;

import io.streaminglab.media.amf0.Amf0Exception;
import io.streaminglab.media.amf0.Amf0Reader;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The publisher's own clock, carried in its {@code onMetaData} as the wall-clock time of stream
 * timestamp 0: {@value #PROPERTY}, milliseconds since the Unix epoch, as a number or a string
 * of digits ({@code ffmpeg -metadata wallclock_at_zero_ms=$(date +%s%3N)} writes a string).
 *
 * <p>An ingest that finds it anchors the session on it rather than on its own receive time,
 * so that two ingests fed by one publisher, each at its own moment and through its own network
 * path, anchor it alike and their packagers write the same segments. An anchor is only taken
 * from a clock that agrees with the ingest's own within {@link #MAX_SKEW}: a wrong publisher
 * clock would date every segment wrongly and make it look stale or from the future.
 */
public final class PublisherClock {
  /** The onMetaData property. */
  public static final String PROPERTY = "wallclock_at_zero_ms";

  /**
   * How far the publisher's time of a frame may lie from the ingest's receive time: beyond a
   * GOP's catch-up burst and a loaded network, short of dating segments visibly wrong.
   */
  public static final Duration MAX_SKEW = Duration.ofSeconds(5);

  private PublisherClock() {}

  /**
   * The publisher's wall-clock time of timestamp 0 in a data frame, or null when the frame is
   * not an onMetaData carrying a usable one. Never throws on hostile bytes.
   */
  public static Long read(MediaFrame frame) {
    if (frame.kind() != MediaFrame.Kind.DATA) {
      return null;
    }
    List<Object> values;
    try {
      values = new Amf0Reader(frame.body()).readAll();
    } catch (Amf0Exception e) {
      return null;
    }
    if (values.size() < 2 || !"onMetaData".equals(values.get(0))
        || !(values.get(1) instanceof Map)) {
      return null;
    }
    Object value = ((Map<?, ?>) values.get(1)).get(PROPERTY);
    long millis;
    if (value instanceof Double) {
      double number = (Double) value;
      if (!(number >= 0 && number < 1e15)) {
        return null;
      }
      millis = (long) number;
    } else if (value instanceof String && ((String) value).matches("[0-9]{1,15}")) {
      millis = Long.parseLong((String) value);
    } else {
      return null;
    }
    return millis;
  }

  /**
   * How far the ingest's clock ({@code receivedMillis}, when a frame stamped {@code timestamp}
   * arrived) is ahead of the publisher's time of that frame; negative when the publisher's clock
   * runs ahead.
   */
  public static long skewMillis(long atZeroMillis, long timestamp, long receivedMillis) {
    return receivedMillis - (atZeroMillis + timestamp);
  }
}
