package io.streaminglab.ingest;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.streaminglab.ingest.hub.StreamHub;
import io.streaminglab.ingest.rtmp.RtmpIngestHandler;
import io.streaminglab.rtmp.chunk.ChunkDecoder;
import io.streaminglab.rtmp.chunk.ChunkDecoderLimits;
import io.streaminglab.rtmp.chunk.ChunkEncoder;
import io.streaminglab.rtmp.handshake.ServerHandshakeHandler;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RTMP ingest: accepts publishers and players on one port and joins them through a
 * {@link StreamHub}.
 *
 * <p>Lifecycle: {@link #start()} binds the port (failing with {@link PortInUseException} when it
 * is taken), {@link #close()} closes every session and frees the port. The hub outlives the
 * server so that in-process readers (the packagers) can hold it.
 */
public final class RtmpIngestServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RtmpIngestServer.class);

  private final IngestConfig config;
  private final StreamHub hub;
  private final IngestMetrics metrics;
  private EventLoopGroup bossGroup;
  private EventLoopGroup workerGroup;
  private Channel serverChannel;

  public RtmpIngestServer(IngestConfig config, StreamHub hub, IngestMetrics metrics) {
    this.config = Objects.requireNonNull(config, "config == null");
    this.hub = Objects.requireNonNull(hub, "hub == null");
    this.metrics = Objects.requireNonNull(metrics, "metrics == null");
  }

  /** Binds the port and starts accepting sessions. */
  public synchronized RtmpIngestServer start() throws PortInUseException, InterruptedException {
    if (serverChannel != null) {
      throw new IllegalStateException("ingest already started");
    }
    ServerHandshakeHandler.prepare();
    bossGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    // One loop per core, as the origin and nginx run one worker per core: Netty's default of
    // twice as many only spreads the same reads over more wake-ups (docs/benchmarks.md, the
    // ingest section).
    workerGroup = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
        NioIoHandler.newFactory());
    ChunkDecoderLimits limits = ChunkDecoderLimits.DEFAULT
        .withMaxMessageLength(config.maxMessageLength());
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(bossGroup, workerGroup)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel channel) {
            ChunkDecoder decoder = new ChunkDecoder(limits);
            channel.pipeline().addLast(
                new ServerHandshakeHandler(config.handshakeTimeout()),
                new IdleStateHandler(config.idleTimeout().toMillis(), 0, 0,
                    TimeUnit.MILLISECONDS),
                decoder,
                new ChunkEncoder(),
                new RtmpIngestHandler(hub, config, metrics, decoder));
          }
        });
    try {
      serverChannel = bootstrap.bind(config.host(), config.port()).sync().channel();
    } catch (Exception e) {
      close();
      if (e instanceof BindException) {
        throw new PortInUseException(config.host(), config.port(), e);
      }
      throw e;
    }
    log.info("RTMP ingest listening on rtmp://{}:{}/", config.host(), port());
    return this;
  }

  /** The port bound, which differs from the configured one when that was 0. */
  public int port() {
    return ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  public StreamHub hub() {
    return hub;
  }

  @Override
  public synchronized void close() {
    if (serverChannel != null) {
      serverChannel.close().syncUninterruptibly();
      serverChannel = null;
    }
    if (workerGroup != null) {
      workerGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      bossGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      workerGroup = null;
      bossGroup = null;
    }
  }
}
