package io.streaminglab.rtmp.message;

import io.streaminglab.media.amf0.Amf0Exception;
import io.streaminglab.media.amf0.Amf0Reader;
import io.streaminglab.media.amf0.Amf0Writer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An AMF0 data message (type 18): a handler name and values, such as {@code onMetaData} with its
 * properties, or the publisher's {@code @setDataFrame, onMetaData, {...}}.
 *
 * @param name the first value, the handler name
 * @param values the values after it
 */
public record DataMessage(String name, List<Object> values) {
  /** What publishers send to set the metadata that players receive as {@code onMetaData}. */
  public static final String SET_DATA_FRAME = "@setDataFrame";

  public DataMessage {
    Objects.requireNonNull(name, "name == null");
    values = Collections.unmodifiableList(new ArrayList<>(values));
  }

  /**
   * Reads an AMF0 data message.
   *
   * @throws RtmpProtocolException when the body is not AMF0 starting with a string
   */
  public static DataMessage decode(RtmpMessage message) {
    byte[] body = message.payload();
    int offset = message.typeId() == MessageType.DATA_AMF3 ? 1 : 0;
    List<Object> all;
    try {
      all = new Amf0Reader(body, offset, body.length - offset).readAll();
    } catch (Amf0Exception e) {
      throw new RtmpProtocolException("malformed AMF0 in data message: " + e.getMessage(), e);
    }
    if (all.isEmpty() || !(all.get(0) instanceof String)) {
      throw new RtmpProtocolException("data message does not start with a handler name");
    }
    return new DataMessage((String) all.get(0), all.subList(1, all.size()));
  }

  /** This data message on {@code streamId} at {@code timestamp}. */
  public RtmpMessage toMessage(int streamId, long timestamp) {
    Amf0Writer writer = new Amf0Writer();
    writer.writeString(name);
    for (Object value : values) {
      writer.write(value);
    }
    return new RtmpMessage(ChunkStreams.DATA, MessageType.DATA_AMF0, timestamp, streamId,
        writer.toByteArray());
  }
}
