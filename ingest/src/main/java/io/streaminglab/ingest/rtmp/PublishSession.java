package io.streaminglab.ingest.rtmp;

import io.streaminglab.ingest.hub.MediaFrame;
import io.streaminglab.ingest.hub.MediaFrames;
import io.streaminglab.ingest.hub.Publication;
import io.streaminglab.media.amf0.Amf0Writer;
import io.streaminglab.media.flv.FlvException;
import io.streaminglab.rtmp.message.DataMessage;
import io.streaminglab.rtmp.message.MessageType;
import io.streaminglab.rtmp.message.RtmpMessage;
import io.streaminglab.rtmp.message.RtmpProtocolException;
import java.util.ArrayList;
import java.util.List;

/**
 * A publisher's stream on its way into the hub: turns audio, video and data messages into
 * {@link MediaFrame}s with unwrapped timestamps, keyframe and sequence-header flags.
 *
 * <p>Codecs other than H.264 and AAC (Enhanced RTMP HEVC or AV1, MP3, Speex...) pass through
 * to RTMP players untouched: their frames carry the flags the FLV header gives.
 */
final class PublishSession {
  private final Publication publication;
  private final int streamId;

  PublishSession(Publication publication, int streamId) {
    this.publication = publication;
    this.streamId = streamId;
  }

  int streamId() {
    return streamId;
  }

  String path() {
    return publication.path();
  }

  long session() {
    return publication.session();
  }

  void onMessage(RtmpMessage message) {
    MediaFrame frame = toFrame(message);
    if (frame != null) {
      publication.onFrame(frame);
    }
  }

  void close() {
    publication.close();
  }

  private MediaFrame toFrame(RtmpMessage message) {
    byte[] body = message.payload();
    if (body.length == 0) {
      return null;
    }
    long rtmpTimestamp = message.timestamp();
    long timestamp = publication.unwrap(rtmpTimestamp);
    try {
      switch (message.typeId()) {
        case MessageType.VIDEO:
          return MediaFrames.video(timestamp, rtmpTimestamp, body);
        case MessageType.AUDIO:
          return MediaFrames.audio(timestamp, rtmpTimestamp, body);
        default:
          return metadataFrame(message, timestamp, rtmpTimestamp);
      }
    } catch (FlvException e) {
      throw new RtmpProtocolException("malformed " + MessageType.name(message.typeId())
          + " message from the publisher: " + e.getMessage(), e);
    }
  }

  /** {@code @setDataFrame, onMetaData, {...}} (or a bare onMetaData) as players expect it. */
  private static MediaFrame metadataFrame(RtmpMessage message, long timestamp,
      long rtmpTimestamp) {
    DataMessage data = DataMessage.decode(message);
    List<Object> values = new ArrayList<>(data.values());
    String name = data.name();
    if (DataMessage.SET_DATA_FRAME.equals(name)) {
      if (values.isEmpty() || !(values.get(0) instanceof String)) {
        return null;
      }
      name = (String) values.remove(0);
    }
    if (!"onMetaData".equals(name)) {
      return null;
    }
    Amf0Writer writer = new Amf0Writer();
    writer.writeString(name);
    for (Object value : values) {
      writer.write(value);
    }
    return new MediaFrame(MediaFrame.Kind.DATA, timestamp, rtmpTimestamp, 0, false, false,
        writer.toByteArray());
  }
}
