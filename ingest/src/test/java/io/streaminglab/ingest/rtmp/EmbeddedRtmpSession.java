package io.streaminglab.ingest.rtmp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.streaminglab.ingest.IngestConfig;
import io.streaminglab.ingest.IngestMetrics;
import io.streaminglab.ingest.hub.StreamHub;
import io.streaminglab.rtmp.chunk.ChunkDecoder;
import io.streaminglab.rtmp.chunk.ChunkEncoder;
import io.streaminglab.rtmp.message.Command;
import io.streaminglab.rtmp.message.MessageType;
import io.streaminglab.rtmp.message.RtmpMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One client session of the ingest handler without sockets: the server side is an
 * EmbeddedChannel with the real chunk codec and {@link RtmpIngestHandler}; the client side
 * encodes with its own chunk encoder and decodes what the server wrote with its own decoder.
 */
final class EmbeddedRtmpSession {
  final EmbeddedChannel server;
  private final ChunkEncoder clientEncoder = new ChunkEncoder();
  private final EmbeddedChannel clientDecoder = new EmbeddedChannel(new ChunkDecoder());
  private double transactions = 1;

  EmbeddedRtmpSession(StreamHub hub, IngestConfig config, IngestMetrics metrics,
      ChannelHandler... outboundFirst) {
    ChunkDecoder decoder = new ChunkDecoder();
    List<ChannelHandler> handlers = new ArrayList<>(List.of(outboundFirst));
    handlers.add(decoder);
    handlers.add(new ChunkEncoder());
    handlers.add(new RtmpIngestHandler(hub, config, metrics, decoder));
    server = new EmbeddedChannel(handlers.toArray(ChannelHandler[]::new));
  }

  void send(RtmpMessage message) {
    ByteBuf wire = Unpooled.buffer();
    clientEncoder.encode(message, wire);
    server.writeInbound(wire);
  }

  void sendRaw(byte[] bytes) {
    server.writeInbound(Unpooled.wrappedBuffer(bytes));
  }

  /** Everything the server has written since the last call, as messages. */
  List<RtmpMessage> received() {
    for (ByteBuf part; (part = server.readOutbound()) != null; ) {
      clientDecoder.writeInbound(part);
    }
    List<RtmpMessage> messages = new ArrayList<>();
    for (RtmpMessage message; (message = clientDecoder.readInbound()) != null; ) {
      messages.add(message);
    }
    return messages;
  }

  /** The commands among {@link #received()}. */
  List<Command> receivedCommands() {
    List<Command> commands = new ArrayList<>();
    for (RtmpMessage message : received()) {
      if (message.typeId() == MessageType.COMMAND_AMF0) {
        commands.add(Command.decode(message));
      }
    }
    return commands;
  }

  void connect(String app) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("app", app);
    properties.put("tcUrl", "rtmp://127.0.0.1:1936/" + app);
    send(Command.of("connect", transactions++, properties).toMessage(0));
  }

  void createStream() {
    send(Command.of("createStream", transactions++, null).toMessage(0));
  }

  void publish(String name) {
    send(Command.of("publish", 0, null, name, "live").toMessage(1));
  }

  void play(String name) {
    send(Command.of("play", 0, null, name, -2000.0).toMessage(1));
  }

  /** Connects, creates stream 1 and publishes {@code name} on it; returns the answers. */
  List<Command> startPublishing(String app, String name) {
    connect(app);
    createStream();
    publish(name);
    return receivedCommands();
  }

  static String code(Command status) {
    Object info = status.arguments().isEmpty() ? null : status.arguments().get(0);
    return info instanceof Map ? (String) ((Map<?, ?>) info).get("code") : null;
  }
}
