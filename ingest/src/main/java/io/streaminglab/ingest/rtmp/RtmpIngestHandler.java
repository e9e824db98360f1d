package io.streaminglab.ingest.rtmp;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.streaminglab.ingest.IngestConfig;
import io.streaminglab.ingest.IngestMetrics;
import io.streaminglab.ingest.hub.PathBusyException;
import io.streaminglab.ingest.hub.Publication;
import io.streaminglab.ingest.hub.StreamHub;
import io.streaminglab.ingest.hub.Subscription;
import io.streaminglab.rtmp.chunk.ChunkDecoder;
import io.streaminglab.rtmp.message.AcknowledgementWindow;
import io.streaminglab.rtmp.message.Command;
import io.streaminglab.rtmp.message.DataMessage;
import io.streaminglab.rtmp.message.MessageType;
import io.streaminglab.rtmp.message.ProtocolControl;
import io.streaminglab.rtmp.message.RtmpMessage;
import io.streaminglab.rtmp.message.RtmpProtocolException;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RTMP client of the ingest, after the handshake: protocol control, the command flow
 * (connect, createStream, publish or play, and their endings), and media from a publisher into
 * the {@link StreamHub}.
 *
 * <p>Pipeline: {@code ServerHandshakeHandler → IdleStateHandler → ChunkDecoder → ChunkEncoder →
 * RtmpIngestHandler}.
 *
 * <p>Lifecycle:
 * <ol>
 *   <li>connect: answered with Window Acknowledgement Size, Set Peer Bandwidth, Set Chunk Size
 *       and {@code _result};</li>
 *   <li>createStream: a message stream id;</li>
 *   <li>publish: the path is taken (or refused with NetStream.Publish.BadName when busy, or
 *       NetStream.Publish.Denied without the right key) and media flows into the hub; or play:
 *       the client becomes a {@link RtmpPlayer} of the path;</li>
 *   <li>FCUnpublish, closeStream, deleteStream or disconnect end the publication or the play.</li>
 * </ol>
 * A protocol error closes this session with one log line; nothing else is affected.
 */
public final class RtmpIngestHandler extends SimpleChannelInboundHandler<RtmpMessage> {
  private static final Logger log = LoggerFactory.getLogger(RtmpIngestHandler.class);
  private static final int WINDOW_ACK_SIZE = 2_500_000;
  private static final int OUTGOING_CHUNK_SIZE = 4096;
  private static final int MAX_STREAMS = 8;

  private final StreamHub hub;
  private final IngestConfig config;
  private final IngestMetrics metrics;
  private final ChunkDecoder decoder;

  private ChannelHandlerContext ctx;
  private String app;
  private boolean connected;
  private int nextStreamId = 1;
  private PublishSession publishing;
  private PlaySession playing;
  private final AcknowledgementWindow acknowledgements = new AcknowledgementWindow();

  public RtmpIngestHandler(StreamHub hub, IngestConfig config, IngestMetrics metrics,
      ChunkDecoder decoder) {
    super(RtmpMessage.class);
    this.hub = hub;
    this.config = config;
    this.metrics = metrics;
    this.decoder = decoder;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext context) {
    this.ctx = context;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext context, RtmpMessage message) {
    acknowledge();
    switch (message.typeId()) {
      case MessageType.WINDOW_ACK_SIZE:
        acknowledgements.onWindowAckSize(message);
        break;
      case MessageType.USER_CONTROL:
        if (ProtocolControl.userControlEvent(message) == ProtocolControl.EVENT_PING_REQUEST) {
          send(ProtocolControl.userControl(ProtocolControl.EVENT_PING_RESPONSE,
              (int) ProtocolControl.userControlValue(message)));
        }
        break;
      case MessageType.COMMAND_AMF0:
      case MessageType.COMMAND_AMF3:
        onCommand(Command.decode(message), message.streamId());
        break;
      case MessageType.AUDIO:
      case MessageType.VIDEO:
      case MessageType.DATA_AMF0:
      case MessageType.DATA_AMF3:
        onMedia(message);
        break;
      case MessageType.AGGREGATE:
        if (publishing != null) {
          for (RtmpMessage part : AggregateMessages.split(message)) {
            onMedia(part);
          }
        }
        break;
      case MessageType.SET_CHUNK_SIZE:
      case MessageType.ABORT:
      case MessageType.ACKNOWLEDGEMENT:
      case MessageType.SET_PEER_BANDWIDTH:
      case MessageType.SHARED_OBJECT_AMF0:
      case MessageType.SHARED_OBJECT_AMF3:
        // Set Chunk Size and Abort were applied by the decoder; acknowledgements, peer
        // bandwidth and shared objects need no answer from an ingest.
        log.debug("Ignored {} from {}", message, context.channel().remoteAddress());
        break;
      default:
        throw new RtmpProtocolException("unknown message type " + message.typeId());
    }
  }

  private void acknowledge() {
    RtmpMessage due = acknowledgements.acknowledgementDue(decoder.bytesReceived());
    if (due != null) {
      send(due);
    }
  }

  private void onCommand(Command command, int streamId) {
    switch (command.name()) {
      case "connect":
        onConnect(command);
        break;
      case "createStream":
        requireConnected(command);
        if (nextStreamId > MAX_STREAMS) {
          throw new RtmpProtocolException("client created more than " + MAX_STREAMS
              + " streams");
        }
        send(StatusMessages.result(command.transactionId(), (double) nextStreamId++)
            .toMessage(0));
        break;
      case "releaseStream":
      case "FCPublish":
        requireConnected(command);
        if (command.transactionId() != 0) {
          send(StatusMessages.result(command.transactionId(), null).toMessage(0));
        }
        break;
      case "getStreamLength":
        // A live stream has no length; ffmpeg expects a number all the same.
        requireConnected(command);
        send(StatusMessages.result(command.transactionId(), 0.0).toMessage(0));
        break;
      case "publish":
        requireConnected(command);
        onPublish(command, streamId);
        break;
      case "play":
        requireConnected(command);
        onPlay(command, streamId);
        break;
      case "FCUnpublish":
      case "closeStream":
      case "deleteStream":
        endSessions();
        break;
      default:
        log.debug("Ignored command {} from {}", command.name(), ctx.channel().remoteAddress());
    }
  }

  private void onConnect(Command command) {
    if (connected) {
      throw new RtmpProtocolException("client sent connect twice");
    }
    connected = true;
    app = command.objectString("app");
    Object encoding = command.commandObject() instanceof Map
        ? ((Map<?, ?>) command.commandObject()).get("objectEncoding") : null;
    send(ProtocolControl.windowAckSize(WINDOW_ACK_SIZE));
    send(ProtocolControl.setPeerBandwidth(WINDOW_ACK_SIZE, ProtocolControl.LIMIT_DYNAMIC));
    send(ProtocolControl.setChunkSize(OUTGOING_CHUNK_SIZE));
    send(StatusMessages.connectResult(command.transactionId(),
        encoding instanceof Double ? (Double) encoding : 0.0).toMessage(0));
  }

  private void onPublish(Command command, int streamId) {
    if (publishing != null || playing != null) {
      throw new RtmpProtocolException("client sent publish on a session that already "
          + (publishing != null ? "publishes" : "plays"));
    }
    StreamPath path;
    try {
      path = StreamPath.of(app, command.stringArgument(0));
    } catch (IllegalArgumentException e) {
      refuse(streamId, "NetStream.Publish.BadName", "bad_name", e.getMessage() + ".");
      return;
    }
    if (config.publishKey() != null && !config.publishKey().equals(path.query().get("key"))) {
      refuse(streamId, "NetStream.Publish.Denied", "unauthorized",
          "Publishing to '" + path.path() + "' needs the right ?key= on the stream name.");
      return;
    }
    Publication publication;
    try {
      publication = hub.publish(path.path());
    } catch (PathBusyException e) {
      refuse(streamId, "NetStream.Publish.BadName", "busy_path",
          "'" + path.path() + "' already has a publisher.");
      return;
    }
    publishing = new PublishSession(publication, streamId);
    send(ProtocolControl.streamBegin(streamId));
    send(StatusMessages.status("NetStream.Publish.Start", path.path() + " is now published.")
        .toMessage(streamId));
    log.info("Publish started on '{}' from {} (session {})", path.path(),
        ctx.channel().remoteAddress(), publication.session());
  }

  private void onPlay(Command command, int streamId) {
    if (publishing != null || playing != null) {
      throw new RtmpProtocolException("client sent play on a session that already "
          + (publishing != null ? "publishes" : "plays"));
    }
    StreamPath path;
    try {
      path = StreamPath.of(app, command.stringArgument(0));
    } catch (IllegalArgumentException e) {
      send(StatusMessages.error("NetStream.Play.StreamNotFound", e.getMessage() + ".")
          .toMessage(streamId));
      metrics.refused("bad_name");
      return;
    }
    send(ProtocolControl.streamIsRecorded(streamId));
    send(ProtocolControl.streamBegin(streamId));
    send(StatusMessages.status("NetStream.Play.Reset", "Playing and resetting "
        + path.path() + ".").toMessage(streamId));
    send(StatusMessages.status("NetStream.Play.Start", "Started playing " + path.path() + ".")
        .toMessage(streamId));
    send(new DataMessage("|RtmpSampleAccess", java.util.List.of(true, true))
        .toMessage(streamId, 0));
    RtmpPlayer player = new RtmpPlayer(ctx.channel(), streamId, path.path(), metrics,
        config.playerQueueBytes(), config.slowPlayerTimeout().toMillis());
    Subscription subscription = hub.subscribe(path.path(), player);
    playing = new PlaySession(player, subscription);
    metrics.playerStarted();
    log.info("Play started on '{}' by {}", path.path(), ctx.channel().remoteAddress());
  }

  private void onMedia(RtmpMessage message) {
    if (publishing == null || message.streamId() != publishing.streamId()) {
      return;
    }
    publishing.onMessage(message);
  }

  private void refuse(int streamId, String code, String reason, String description) {
    metrics.refused(reason);
    log.warn("Refused publish from {}: {}", ctx.channel().remoteAddress(), description);
    ctx.writeAndFlush(StatusMessages.error(code, description).toMessage(streamId))
        .addListener(ChannelFutureListener.CLOSE);
  }

  private void requireConnected(Command command) {
    if (!connected) {
      throw new RtmpProtocolException("client sent " + command.name() + " before connect");
    }
  }

  private void send(RtmpMessage message) {
    ctx.writeAndFlush(message, ctx.voidPromise());
  }

  private void endSessions() {
    if (publishing != null) {
      log.info("Publish ended on '{}' (session {})", publishing.path(), publishing.session());
      publishing.close();
      publishing = null;
    }
    if (playing != null) {
      log.info("Play ended on '{}' by {}", playing.subscription().path(),
          ctx.channel().remoteAddress());
      playing.close();
      metrics.playerStopped();
      playing = null;
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext context) throws Exception {
    endSessions();
    super.channelInactive(context);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
    if (event instanceof IdleStateEvent && playing == null) {
      log.warn("Closed RTMP session from {}: nothing received for {} s",
          context.channel().remoteAddress(), config.idleTimeout().toSeconds());
      metrics.dropped("idle");
      context.close();
      return;
    }
    super.userEventTriggered(context, event);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
    if (cause instanceof IOException) {
      log.debug("RTMP session from {} ended: {}", context.channel().remoteAddress(),
          cause.getMessage());
    } else {
      Throwable reason = cause instanceof io.netty.handler.codec.DecoderException
          && cause.getCause() != null && !(cause instanceof RtmpProtocolException)
          ? cause.getCause() : cause;
      log.warn("Closed RTMP session from {}: {}", context.channel().remoteAddress(),
          reason.getMessage() == null ? reason.toString() : reason.getMessage());
      metrics.dropped("protocol_error");
    }
    context.close();
  }

  /** A play in progress: the player and its place in the hub. */
  private record PlaySession(RtmpPlayer player, Subscription subscription) {
    void close() {
      player.close();
      subscription.close();
    }
  }
}
