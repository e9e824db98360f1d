package io.streaminglab.switcher;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the switcher over HTTP.
 *
 * <p>Pipeline: {@code IdleStateHandler → HttpServerCodec → HttpObjectAggregator →
 * SwitcherHandler}.
 *
 * <p>Lifecycle: {@link #start()} binds (a taken port is a {@link SwitcherBindException});
 * {@link #close()} frees the port and closes every connection; the {@link Switcher} itself is
 * the caller's to close.
 */
public final class SwitcherServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SwitcherServer.class);

  private final Switcher switcher;
  private final PrometheusRegistry registry;
  private final ComponentControl components;
  /** Component stops and starts block, so they run here rather than on an event loop. */
  private ExecutorService adminExecutor;
  private EventLoopGroup bossGroup;
  private EventLoopGroup workerGroup;
  private ChannelGroup connections;
  private Channel channel;

  /** A switcher run alone: the admin API has no components to stop and start. */
  public SwitcherServer(Switcher switcher, PrometheusRegistry registry) {
    this(switcher, registry, ComponentControl.NONE);
  }

  /** The switcher of {@code up}: the admin API also stops and starts the lab's components. */
  public SwitcherServer(Switcher switcher, PrometheusRegistry registry,
      ComponentControl components) {
    this.switcher = switcher;
    this.registry = registry;
    this.components = components;
  }

  public synchronized SwitcherServer start() throws SwitcherBindException, InterruptedException {
    SwitcherConfig config = switcher.config();
    adminExecutor = Executors.newSingleThreadExecutor(task -> {
      Thread thread = new Thread(task, "switcher-admin");
      thread.setDaemon(true);
      return thread;
    });
    ExecutorService admin = adminExecutor;
    PageAssets page = new PageAssets(config.peers().values());
    bossGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    workerGroup = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
    connections = new DefaultChannelGroup("switcher", GlobalEventExecutor.INSTANCE);
    ChannelGroup group = connections;
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(bossGroup, workerGroup)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_REUSEADDR, true)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            group.add(ch);
            ch.pipeline().addLast(new IdleStateHandler(0, 0, 60, TimeUnit.SECONDS),
                new HttpServerCodec(4096, 8192, 8192), new HttpObjectAggregator(64 * 1024),
                new SwitcherHandler(switcher, registry, components, admin, page));
          }
        });
    try {
      channel = bootstrap.bind(config.host(), config.port()).sync().channel();
    } catch (Exception e) {
      close();
      if (e instanceof BindException) {
        throw new SwitcherBindException(config.host(), config.port(), e);
      }
      throw e;
    }
    log.info("Switcher serving http://{}:{}/hls/index.m3u8 and its status page at /",
        config.host(), port());
    return this;
  }

  public synchronized int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public synchronized void close() {
    if (channel != null) {
      channel.close().syncUninterruptibly();
      channel = null;
    }
    if (connections != null) {
      connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
      connections = null;
    }
    if (workerGroup != null) {
      workerGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3,
          TimeUnit.SECONDS);
      bossGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3,
          TimeUnit.SECONDS);
      workerGroup = null;
      bossGroup = null;
    }
    if (adminExecutor != null) {
      adminExecutor.shutdownNow();
      adminExecutor = null;
    }
  }
}
