package io.streaminglab.ingest.rtmp;

import io.netty.channel.Channel;
import io.streaminglab.ingest.IngestMetrics;
import io.streaminglab.ingest.hub.ClockAnchor;
import io.streaminglab.ingest.hub.MediaFrame;
import io.streaminglab.ingest.hub.StreamReader;
import io.streaminglab.rtmp.message.ChunkStreams;
import io.streaminglab.rtmp.message.DataMessage;
import io.streaminglab.rtmp.message.MessageType;
import io.streaminglab.rtmp.message.ProtocolControl;
import io.streaminglab.rtmp.message.RtmpMessage;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one path's stream to one RTMP player, never holding up the publisher.
 *
 * <p>Frames are written to the player's channel from the publisher's thread; the bytes written
 * but not yet on the wire are counted. Past {@code queueLimit} bytes the player skips frames
 * until the next video keyframe after its queue has drained (audio-only streams resume with the
 * next audio frame), and the skipped frames are counted. A player that goes on skipping for
 * longer than {@code slowTimeoutMillis} of stream time is disconnected.
 */
final class RtmpPlayer implements StreamReader {
  private static final Logger log = LoggerFactory.getLogger(RtmpPlayer.class);

  private final Channel channel;
  private final int streamId;
  private final String path;
  private final IngestMetrics metrics;
  private final long queueLimit;
  private final long slowTimeoutMillis;
  private final AtomicLong queued = new AtomicLong();
  private boolean sessionSeen;
  private boolean hasVideo;
  private boolean skipping;
  private long skippingSince;
  private long skipped;
  private volatile boolean closed;

  RtmpPlayer(Channel channel, int streamId, String path, IngestMetrics metrics, long queueLimit,
      long slowTimeoutMillis) {
    this.channel = channel;
    this.streamId = streamId;
    this.path = path;
    this.metrics = metrics;
    this.queueLimit = queueLimit;
    this.slowTimeoutMillis = slowTimeoutMillis;
  }

  void close() {
    closed = true;
  }

  @Override
  public void onSessionStart(ClockAnchor anchor) {
    if (closed) {
      return;
    }
    hasVideo = false;
    skipping = false;
    if (sessionSeen) {
      send(ProtocolControl.streamBegin(streamId));
      send(StatusMessages.status("NetStream.Play.PublishNotify", path + " is now published.")
          .toMessage(streamId));
    }
    sessionSeen = true;
    // Readers in other processes need the anchor before any frame: it makes their segments
    // match those of in-process packagers.
    send(new DataMessage(ClockAnchor.DATA_MESSAGE_NAME, List.of(anchor.toAmf0()))
        .toMessage(streamId, 0));
  }

  @Override
  public void onSessionEnd() {
    if (closed) {
      return;
    }
    send(ProtocolControl.streamEof(streamId));
    send(StatusMessages.status("NetStream.Play.UnpublishNotify", path + " is now unpublished.")
        .toMessage(streamId));
  }

  @Override
  public void onFrame(MediaFrame frame) {
    if (closed) {
      return;
    }
    if (frame.kind() == MediaFrame.Kind.VIDEO) {
      hasVideo = true;
    }
    boolean essential = frame.sequenceHeader() || frame.kind() == MediaFrame.Kind.DATA;
    if (!essential && !admit(frame)) {
      return;
    }
    send(toMessage(frame));
  }

  /** Whether a media frame goes out, given how much is still queued for this player. */
  private boolean admit(MediaFrame frame) {
    long backlog = queued.get();
    if (!skipping) {
      if (backlog <= queueLimit) {
        return true;
      }
      skipping = true;
      skippingSince = frame.timestamp();
    }
    boolean resumePoint = hasVideo
        ? frame.kind() == MediaFrame.Kind.VIDEO && frame.keyframe()
        : frame.kind() == MediaFrame.Kind.AUDIO;
    if (resumePoint && backlog <= queueLimit / 2) {
      skipping = false;
      flushSkipped();
      return true;
    }
    skipped++;
    if (frame.timestamp() - skippingSince > slowTimeoutMillis) {
      closed = true;
      flushSkipped();
      metrics.dropped("slow_player");
      log.warn("Disconnected slow RTMP player {} of '{}': it fell {} bytes behind for more than"
          + " {} ms", channel.remoteAddress(), path, backlog, slowTimeoutMillis);
      channel.close();
    }
    return false;
  }

  private void flushSkipped() {
    if (skipped > 0) {
      metrics.framesDropped(path, skipped);
      log.debug("RTMP player {} of '{}' skipped {} frames to catch up", channel.remoteAddress(),
          path, skipped);
      skipped = 0;
    }
  }

  private RtmpMessage toMessage(MediaFrame frame) {
    int csid;
    int typeId;
    switch (frame.kind()) {
      case AUDIO:
        csid = ChunkStreams.AUDIO;
        typeId = MessageType.AUDIO;
        break;
      case VIDEO:
        csid = ChunkStreams.VIDEO;
        typeId = MessageType.VIDEO;
        break;
      default:
        csid = ChunkStreams.DATA;
        typeId = MessageType.DATA_AMF0;
    }
    return new RtmpMessage(csid, typeId, frame.rtmpTimestamp(), streamId, frame.body());
  }

  private void send(RtmpMessage message) {
    long size = message.length();
    queued.addAndGet(size);
    channel.writeAndFlush(message).addListener(future -> queued.addAndGet(-size));
  }
}
