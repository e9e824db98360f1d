package io.streaminglab.ingest.rtmp;

import io.streaminglab.rtmp.message.ChunkStreams;
import io.streaminglab.rtmp.message.MessageType;
import io.streaminglab.rtmp.message.RtmpMessage;
import io.streaminglab.rtmp.message.RtmpProtocolException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits an aggregate message (type 22, RTMP specification 7.1.6): FLV tags back to back, each
 * an 11-byte header, a body and a 4-byte back pointer. Sub-message timestamps are shifted so
 * that the first one lands on the aggregate's own timestamp.
 */
final class AggregateMessages {
  private AggregateMessages() {}

  static List<RtmpMessage> split(RtmpMessage aggregate) {
    byte[] data = aggregate.payload();
    List<RtmpMessage> parts = new ArrayList<>();
    int offset = 0;
    long firstTimestamp = -1;
    while (offset < data.length) {
      if (data.length - offset < 11) {
        throw new RtmpProtocolException("aggregate message ends inside a sub-message header");
      }
      int type = data[offset] & 0xFF;
      int size = ((data[offset + 1] & 0xFF) << 16) | ((data[offset + 2] & 0xFF) << 8)
          | (data[offset + 3] & 0xFF);
      long timestamp = ((data[offset + 7] & 0xFFL) << 24) | ((data[offset + 4] & 0xFFL) << 16)
          | ((data[offset + 5] & 0xFFL) << 8) | (data[offset + 6] & 0xFFL);
      int bodyStart = offset + 11;
      if (size > data.length - bodyStart) {
        throw new RtmpProtocolException("aggregate sub-message of " + size
            + " bytes runs past the end of the aggregate");
      }
      if (firstTimestamp < 0) {
        firstTimestamp = timestamp;
      }
      long shifted = (aggregate.timestamp() + timestamp - firstTimestamp) & 0xFFFFFFFFL;
      if (type == MessageType.AUDIO || type == MessageType.VIDEO
          || type == MessageType.DATA_AMF0) {
        int csid = type == MessageType.AUDIO ? ChunkStreams.AUDIO
            : type == MessageType.VIDEO ? ChunkStreams.VIDEO : ChunkStreams.DATA;
        parts.add(new RtmpMessage(csid, type, shifted, aggregate.streamId(),
            Arrays.copyOfRange(data, bodyStart, bodyStart + size)));
      }
      offset = bodyStart + size + 4;
    }
    return parts;
  }
}
