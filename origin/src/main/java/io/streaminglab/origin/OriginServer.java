package io.streaminglab.origin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.unix.Errors;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A static HLS origin: serves one directory over HTTP/1.1 under {@code /hls/}, the way the seed
 * lab's nginx served {@code /usr/share/nginx/html/hls} (see {@code configs/nginx-origin.conf},
 * which sends the same headers).
 *
 * <p>What it answers: GET and HEAD of files inside the directory with their media type, caching
 * headers (playlists revalidate, segments are immutable), ETag and Last-Modified (304 for
 * conditional requests), single byte ranges (206, 416; a multi-range request gets the whole
 * file with 200, as the RFC allows), CORS for browser players (preflight 204), 404 for
 * everything else, 405 for other methods. Paths that are malformed or try to leave the directory
 * get 400, links that lead out of it 404. Segments go out zero-copy as a
 * {@link io.netty.channel.DefaultFileRegion} of a descriptor kept open between requests; small
 * files (playlists) are kept in memory, one copy per version of the file, and leave with their
 * headers in one write.
 *
 * <p>It runs on Linux's native epoll transport where Netty's library loads, else on NIO (see
 * {@link OriginTransport}), with one event loop for connections per core; the start line in the
 * log names the transport and the number of loops.
 *
 * <p>Pipeline of each connection, from the socket inwards:
 *
 * <ol>
 *   <li>{@link IdleStateHandler}: a connection idle in both directions for the configured time
 *       is closed (a transfer in progress counts as activity);
 *   <li>{@link HttpServerCodec}: request line up to 4096 bytes, headers up to 8192;
 *   <li>{@link HttpObjectAggregator}: request bodies up to 8 KiB (ignored), 413 beyond;
 *   <li>{@code OriginRequestHandler}: takes one request at a time and reads the next only once
 *       the answer is written (auto-read is off), so a connection holds at most one open file;
 *       {@code Responder} decides each answer, {@code PathResolver} keeps it inside the
 *       directory.
 * </ol>
 *
 * <p>Lifecycle:
 *
 * <ol>
 *   <li>{@link #start()} binds the port, failing with {@link OriginBindException} when it is
 *       taken, and logs one line;
 *   <li>{@link #close()} frees the port and closes every open connection, so that a stopped
 *       origin is a real fault to its clients: new connections are refused. It may be started
 *       again afterwards.
 * </ol>
 */
public final class OriginServer implements AutoCloseable {
  static final int MAX_INITIAL_LINE_LENGTH = 4096;
  static final int MAX_HEADER_SIZE = 8192;
  static final int MAX_REQUEST_BODY = 8192;

  private static final Logger log = LoggerFactory.getLogger(OriginServer.class);

  private final OriginConfig config;
  private final OriginMetrics metrics;
  private final Clock clock;
  private final OriginTransport transport;
  private EventLoopGroup bossGroup;
  private EventLoopGroup workerGroup;
  private ChannelGroup connections;
  private Channel serverChannel;
  private OpenFileCache openFiles;

  public OriginServer(OriginConfig config, OriginMetrics metrics) {
    this(config, metrics, Clock.systemUTC());
  }

  /** An origin whose {@code Date} headers come from {@code clock}. */
  public OriginServer(OriginConfig config, OriginMetrics metrics, Clock clock) {
    this(config, metrics, clock, OriginTransport.preferred());
  }

  /** An origin on a given transport, for tests of each. */
  OriginServer(OriginConfig config, OriginMetrics metrics, Clock clock,
      OriginTransport transport) {
    this.config = Objects.requireNonNull(config, "config == null");
    this.metrics = Objects.requireNonNull(metrics, "metrics == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.transport = Objects.requireNonNull(transport, "transport == null");
  }

  /**
   * Binds the port and starts serving.
   *
   * @throws OriginBindException when the address cannot be bound
   * @throws UnknownHostException when the host does not resolve
   * @throws FileNotFoundException when the directory was removed since the configuration
   */
  public synchronized OriginServer start() throws IOException, InterruptedException {
    if (serverChannel != null) {
      throw new IllegalStateException("origin already started");
    }
    PathResolver resolver;
    try {
      resolver = new PathResolver(config.directory());
    } catch (NoSuchFileException e) {
      throw new FileNotFoundException("origin directory " + config.directory()
          + " does not exist any more; create it or point the origin at the packager's output"
          + " directory");
    }
    openFiles = new OpenFileCache(System::nanoTime);
    Responder responder = new Responder(resolver, openFiles);
    HttpDates dates = new HttpDates();
    InetAddress address;
    try {
      address = InetAddress.getByName(config.host());
    } catch (UnknownHostException e) {
      throw new UnknownHostException("origin host " + config.host() + " does not resolve; give"
          + " an address such as 127.0.0.1 or 0.0.0.0, or a name this machine resolves");
    }
    SocketProtocolFamily family = address instanceof Inet4Address
        ? SocketProtocolFamily.INET : SocketProtocolFamily.INET6;
    ChannelFactory<ServerChannel> serverChannels = () -> transport.newServerChannel(family);
    long idleMillis = config.idleTimeout().toMillis();
    bossGroup = new MultiThreadIoEventLoopGroup(1, transport.ioHandlerFactory());
    // One per core, as nginx runs one worker per core: a segment is almost all sendfile in the
    // kernel, and twice as many loops as cores only adds switches between them. On two cores
    // shared with wrk a 500 KB segment cost 86-90 µs of CPU per request with two loops and
    // 105-115 µs with Netty's default four, playlists the same within the noise.
    int eventLoops = Runtime.getRuntime().availableProcessors();
    workerGroup = new MultiThreadIoEventLoopGroup(eventLoops, transport.ioHandlerFactory());
    workerGroup.scheduleAtFixedRate(openFiles::closeUnused, 1, 1, TimeUnit.SECONDS);
    connections = new DefaultChannelGroup("origin-" + metrics.origin(),
        GlobalEventExecutor.INSTANCE);
    HttpDecoderConfig decoderConfig = new HttpDecoderConfig()
        .setMaxInitialLineLength(MAX_INITIAL_LINE_LENGTH)
        .setMaxHeaderSize(MAX_HEADER_SIZE);
    ChannelGroup group = connections;
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(bossGroup, workerGroup)
        .channelFactory(serverChannels)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.AUTO_READ, false)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel channel) {
            group.add(channel);
            metrics.connectionOpened();
            channel.closeFuture().addListener(future -> metrics.connectionClosed());
            channel.pipeline().addLast(
                new IdleStateHandler(true, 0, 0, idleMillis, TimeUnit.MILLISECONDS),
                new HttpServerCodec(decoderConfig),
                new HttpObjectAggregator(MAX_REQUEST_BODY),
                new OriginRequestHandler(responder, metrics, clock, dates, transport));
          }
        });
    try {
      serverChannel = bootstrap.bind(new InetSocketAddress(address, config.port())).sync()
          .channel();
    } catch (Exception e) {
      close();
      // NIO reports every bind failure as a BindException; epoll as a NativeIoException of
      // bind(2) or listen(2), the only native calls of a bind.
      if (e instanceof BindException || e instanceof Errors.NativeIoException) {
        throw new OriginBindException(config.host(), config.port(), e);
      }
      throw e;
    }
    if (transport == OriginTransport.NIO && OriginTransport.whyNotEpoll() != null) {
      log.debug("Origin runs on NIO: epoll is unavailable here ({})",
          OriginTransport.whyNotEpoll());
    }
    log.info("Origin serving {} on http://{}:{}{} ({}, {} event loops)", resolver.root(),
        urlHost(config.host()), port(), Responder.PREFIX, transport.label(),
        eventLoops);
    return this;
  }

  /** The port bound, which differs from the configured one when that was 0. */
  public synchronized int port() {
    if (serverChannel == null) {
      throw new IllegalStateException("origin not started");
    }
    return ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  public OriginConfig config() {
    return config;
  }

  /** The open connections, for tests; empty when not started. */
  synchronized Set<Channel> connections() {
    return connections == null ? Set.of() : Set.copyOf(connections);
  }

  /** Frees the port and closes every connection; does nothing when not started. */
  @Override
  public synchronized void close() {
    if (serverChannel != null) {
      serverChannel.close().syncUninterruptibly();
      serverChannel = null;
    }
    if (connections != null) {
      connections.close().awaitUninterruptibly();
      connections = null;
    }
    if (workerGroup != null) {
      workerGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      bossGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      workerGroup = null;
      bossGroup = null;
    }
    if (openFiles != null) {
      openFiles.close();
      openFiles = null;
    }
  }

  private static String urlHost(String host) {
    return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
