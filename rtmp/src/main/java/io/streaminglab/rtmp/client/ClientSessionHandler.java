package io.streaminglab.rtmp.client;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.streaminglab.rtmp.chunk.ChunkDecoder;
import io.streaminglab.rtmp.handshake.HandshakeCompletion;
import io.streaminglab.rtmp.message.AcknowledgementWindow;
import io.streaminglab.rtmp.message.Command;
import io.streaminglab.rtmp.message.MessageType;
import io.streaminglab.rtmp.message.ProtocolControl;
import io.streaminglab.rtmp.message.RtmpMessage;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The client's command flow: connect, createStream, then play or publish, answering the
 * server's protocol control (acknowledgements, pings) on the way.
 */
final class ClientSessionHandler extends SimpleChannelInboundHandler<RtmpMessage> {
  private static final int CHUNK_SIZE = 4096;
  private static final double CONNECT = 1;
  private static final double CREATE_STREAM = 2;

  private final RtmpUrl url;
  private final RtmpClient.Mode mode;
  private final RtmpClientListener listener;
  RtmpClient client;
  volatile boolean closing;
  private volatile int streamId;
  private boolean started;
  private boolean closedReported;
  private final AcknowledgementWindow acknowledgements = new AcknowledgementWindow();
  private ChunkDecoder decoder;

  ClientSessionHandler(RtmpUrl url, RtmpClient.Mode mode, RtmpClientListener listener) {
    super(RtmpMessage.class);
    this.url = url;
    this.mode = mode;
    this.listener = listener;
  }

  int streamId() {
    return streamId;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event == HandshakeCompletion.SUCCESS) {
      decoder = ctx.pipeline().get(ChunkDecoder.class);
      ctx.write(ProtocolControl.setChunkSize(CHUNK_SIZE));
      Map<String, Object> properties = new LinkedHashMap<>();
      properties.put("app", url.app());
      properties.put("type", "nonprivate");
      properties.put("flashVer", mode == RtmpClient.Mode.PUBLISH ? "FMLE/3.0 (compatible; "
          + "streaming-lab)" : "LNX 9,0,124,2");
      properties.put("tcUrl", url.tcUrl());
      if (mode == RtmpClient.Mode.PLAY) {
        properties.put("fpad", false);
        properties.put("capabilities", 15.0);
        properties.put("audioCodecs", 4071.0);
        properties.put("videoCodecs", 252.0);
        properties.put("videoFunction", 1.0);
      }
      ctx.writeAndFlush(Command.of("connect", CONNECT, properties).toMessage(0));
      return;
    }
    super.userEventTriggered(ctx, event);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, RtmpMessage message) {
    RtmpMessage due = acknowledgements.acknowledgementDue(
        decoder == null ? 0 : decoder.bytesReceived());
    if (due != null) {
      ctx.writeAndFlush(due);
    }
    switch (message.typeId()) {
      case MessageType.WINDOW_ACK_SIZE:
        acknowledgements.onWindowAckSize(message);
        break;
      case MessageType.USER_CONTROL:
        if (ProtocolControl.userControlEvent(message) == ProtocolControl.EVENT_PING_REQUEST) {
          ctx.writeAndFlush(ProtocolControl.userControl(ProtocolControl.EVENT_PING_RESPONSE,
              (int) ProtocolControl.userControlValue(message)));
        }
        break;
      case MessageType.COMMAND_AMF0:
      case MessageType.COMMAND_AMF3:
        onCommand(ctx, Command.decode(message));
        break;
      case MessageType.AUDIO:
      case MessageType.VIDEO:
      case MessageType.DATA_AMF0:
        if (mode == RtmpClient.Mode.PLAY) {
          listener.onMessage(message);
        }
        break;
      default:
        break;
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    listener.onReadComplete();
    ctx.fireChannelReadComplete();
  }

  private void onCommand(ChannelHandlerContext ctx, Command command) {
    switch (command.name()) {
      case "_result":
        if (command.transactionId() == CONNECT) {
          ctx.writeAndFlush(Command.of("createStream", CREATE_STREAM, null).toMessage(0));
        } else if (command.transactionId() == CREATE_STREAM) {
          streamId = (int) command.numberArgument(0, 1);
          if (mode == RtmpClient.Mode.PLAY) {
            ctx.writeAndFlush(Command.of("play", 0, null, url.streamName(), -2000.0)
                .toMessage(streamId));
          } else {
            ctx.writeAndFlush(Command.of("publish", 0, null, url.streamName(), "live")
                .toMessage(streamId));
          }
        }
        break;
      case "_error":
        fail(ctx, "the server refused " + (command.transactionId() == CONNECT ? "connect"
            : "the request") + ": " + description(command));
        break;
      case "onStatus":
        String level = info(command, "level");
        String code = info(command, "code");
        listener.onStatus(level, code, description(command));
        if ("error".equals(level)) {
          fail(ctx, description(command));
        } else if (!started && ("NetStream.Play.Start".equals(code)
            || "NetStream.Publish.Start".equals(code))) {
          started = true;
          listener.onStarted(client);
        }
        break;
      default:
        break;
    }
  }

  private void fail(ChannelHandlerContext ctx, String reason) {
    reportClosed(reason);
    ctx.close();
  }

  private static String info(Command command, String key) {
    Object info = command.arguments().isEmpty() ? null : command.arguments().get(0);
    Object value = info instanceof Map ? ((Map<?, ?>) info).get(key) : null;
    return value instanceof String ? (String) value : "";
  }

  private static String description(Command command) {
    String text = info(command, "description");
    return text.isEmpty() ? info(command, "code") : text;
  }

  private void reportClosed(String reason) {
    if (!closedReported) {
      closedReported = true;
      listener.onClosed(reason);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    reportClosed(closing ? null : "the server closed the connection");
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    reportClosed(cause instanceof IOException ? cause.getMessage()
        : "protocol error: " + cause.getMessage());
    ctx.close();
  }
}
