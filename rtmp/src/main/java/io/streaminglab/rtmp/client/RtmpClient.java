package io.streaminglab.rtmp.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.streaminglab.rtmp.chunk.ChunkDecoder;
import io.streaminglab.rtmp.chunk.ChunkEncoder;
import io.streaminglab.rtmp.handshake.ClientHandshakeHandler;
import io.streaminglab.rtmp.message.RtmpMessage;
import java.util.Objects;

/**
 * One RTMP client connection that plays or publishes one stream.
 *
 * <p>Pipeline: {@code ClientHandshakeHandler → ChunkDecoder → ChunkEncoder →
 * ClientSessionHandler}.
 *
 * <p>Lifecycle:
 * <ol>
 *   <li>{@link #play} or {@link #publish} connects and runs handshake, connect, createStream and
 *       play or publish;</li>
 *   <li>the listener's {@code onStarted} fires when the server says Play.Start or Publish.Start;
 *       a publisher then {@link #send}s media;</li>
 *   <li>{@link #close()} ends the connection; {@code onClosed} fires once either way.</li>
 * </ol>
 * Reconnecting is the caller's choice: a client is one connection.
 */
public final class RtmpClient implements AutoCloseable {
  /** Whether the client plays or publishes. */
  public enum Mode {
    PLAY,
    PUBLISH
  }

  private final Channel channel;
  private final ClientSessionHandler session;

  private RtmpClient(Channel channel, ClientSessionHandler session) {
    this.channel = channel;
    this.session = session;
  }

  /** Connects to {@code url} and plays it; messages reach {@code listener}. */
  public static ChannelFuture play(EventLoopGroup group, RtmpUrl url,
      RtmpClientListener listener) {
    return open(group, url, Mode.PLAY, listener);
  }

  /** Connects to {@code url} and publishes to it; send media once {@code onStarted} fires. */
  public static ChannelFuture publish(EventLoopGroup group, RtmpUrl url,
      RtmpClientListener listener) {
    return open(group, url, Mode.PUBLISH, listener);
  }

  private static ChannelFuture open(EventLoopGroup group, RtmpUrl url, Mode mode,
      RtmpClientListener listener) {
    Objects.requireNonNull(listener, "listener == null");
    return new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ClientSessionHandler session = new ClientSessionHandler(url, mode, listener);
            session.client = new RtmpClient(ch, session);
            ch.pipeline().addLast(new ClientHandshakeHandler(true), new ChunkDecoder(),
                new ChunkEncoder(), session);
          }
        })
        .connect(url.host(), url.port());
  }

  /** The message stream id the server gave, for messages a publisher sends. */
  public int streamId() {
    return session.streamId();
  }

  /** The event loop of the connection: where the listener runs and sends are cheapest. */
  public EventLoop eventLoop() {
    return channel.eventLoop();
  }

  /** Whether the connection can take more without queueing beyond its high-water mark. */
  public boolean isWritable() {
    return channel.isWritable();
  }

  /** Whether the connection is open. */
  public boolean isOpen() {
    return channel.isActive();
  }

  /**
   * Stops the connection from reading on its own: from now on it reads only when {@link
   * #read()} asks, and the listener's {@code onReadComplete} follows each read. A player that
   * reads a few times a second instead of at every message wakes up less often.
   */
  public void readOnDemand() {
    channel.config().setAutoRead(false);
  }

  /**
   * Reads what has arrived, or else the next bytes as soon as they do, once; for a connection
   * that reads on demand. Callable from any thread; does nothing once the connection is closed.
   */
  public void read() {
    channel.read();
  }

  /** Sends a message (a publisher's media) on the published stream. */
  public void send(RtmpMessage message) {
    channel.writeAndFlush(message.withStreamId(session.streamId()), channel.voidPromise());
  }

  @Override
  public void close() {
    session.closing = true;
    channel.close();
  }
}
