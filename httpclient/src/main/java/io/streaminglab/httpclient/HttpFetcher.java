package io.streaminglab.httpclient;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMethod;
import io.streaminglab.httpclient.FetchException.Kind;
import io.streaminglab.httpclient.internal.ConnectionPool;
import io.streaminglab.httpclient.internal.Exchange;
import io.streaminglab.httpclient.internal.ExchangeHandler;
import io.streaminglab.httpclient.internal.Target;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A small HTTP/1.1 client for polling origins: plain http, GET and HEAD, keep-alive connections
 * pooled per host and port, strict timeouts and a bounded body.
 *
 * <p>Each request:
 *
 * <ol>
 *   <li>takes the most recently used idle connection to its host and port, or connects a new one
 *       within the connect timeout (so concurrent requests to one host use as many
 *       connections); a connection carries one request at a time;
 *   <li>must get its whole response within the response timeout, counted from the moment the
 *       request is written; a response with any status completes the future with an
 *       {@link HttpResult}, anything else completes it exceptionally with a
 *       {@link FetchException} whose {@link FetchException.Kind} says why;
 *   <li>gives its connection back to the pool when both sides allow keep-alive and the body
 *       was read to its end; after any failure the connection is closed. A pooled connection the
 *       server closed before answering is retried once on a new connection.
 * </ol>
 *
 * <p>Cancelling a returned future closes the connection carrying it. Futures complete on a Netty
 * event loop thread: dependent stages that block must run on an executor of their own.
 *
 * <p>Pipeline of each connection: {@link HttpClientCodec} (status line up to 8 KiB, headers up
 * to 16 KiB), then {@link ExchangeHandler}.
 *
 * <p>Lifecycle: usable once constructed; {@link #close()} closes every connection, failing the
 * requests in flight, and frees the event loop threads.
 */
public final class HttpFetcher implements AutoCloseable {
  private static final int MAX_INITIAL_LINE_LENGTH = 8192;
  private static final int MAX_HEADER_SIZE = 16384;
  private static final int MAX_CHUNK_SIZE = 64 * 1024;

  private final HttpFetcherConfig config;
  private final EventLoopGroup group;
  private final ConnectionPool pool;
  private final Bootstrap bootstrap;
  private volatile boolean closed;

  public HttpFetcher(HttpFetcherConfig config) {
    this.config = Objects.requireNonNull(config, "config == null");
    this.group = new MultiThreadIoEventLoopGroup(config.eventLoopThreads(),
        NioIoHandler.newFactory());
    this.pool = new ConnectionPool(config.maxIdlePerHost(), config.keepAlive());
    HttpDecoderConfig decoderConfig = new HttpDecoderConfig()
        .setMaxInitialLineLength(MAX_INITIAL_LINE_LENGTH)
        .setMaxHeaderSize(MAX_HEADER_SIZE)
        .setMaxChunkSize(MAX_CHUNK_SIZE);
    long responseTimeoutNanos = config.responseTimeout().toNanos();
    this.bootstrap = new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel channel) {
            channel.pipeline().addLast(
                new HttpClientCodec(decoderConfig, false, false),
                new ExchangeHandler(pool, config.maxBodyBytes(), responseTimeoutNanos,
                    exchange -> dispatch(exchange, false)));
          }
        });
  }

  public HttpFetcherConfig config() {
    return config;
  }

  /**
   * GETs {@code uri}. The future completes with the whole response whatever its status, or
   * exceptionally with a {@link FetchException}.
   *
   * @param headers request headers to add or override (Host, User-Agent and Accept are set)
   * @throws IllegalArgumentException when {@code uri} is not an absolute http URL
   * @throws IllegalStateException when the fetcher is closed
   */
  public CompletableFuture<HttpResult> get(URI uri, Map<String, String> headers) {
    return send(HttpMethod.GET, uri, headers);
  }

  /** HEADs {@code uri}: like {@link #get} with an empty body. */
  public CompletableFuture<HttpResult> head(URI uri, Map<String, String> headers) {
    return send(HttpMethod.HEAD, uri, headers);
  }

  /**
   * POSTs an empty body to {@code uri}, as the admin API's actions want; like {@link #get}. A
   * request on a pooled connection that the server closed first is sent again on a new one, so
   * use it only for actions that may be repeated.
   */
  public CompletableFuture<HttpResult> post(URI uri, Map<String, String> headers) {
    return send(HttpMethod.POST, uri, headers);
  }

  private CompletableFuture<HttpResult> send(HttpMethod method, URI uri,
      Map<String, String> headers) {
    Objects.requireNonNull(uri, "uri == null");
    Objects.requireNonNull(headers, "headers == null");
    if (closed) {
      throw new IllegalStateException("fetcher is closed");
    }
    Exchange exchange = new Exchange(method, uri, Target.of(uri), headers, System.nanoTime());
    CompletableFuture<HttpResult> future = exchange.future();
    future.whenComplete((result, error) -> {
      Channel channel = exchange.channelIfCarried();
      if (future.isCancelled() && channel != null) {
        ExchangeHandler.abandon(channel, exchange);
      }
    });
    dispatch(exchange, true);
    return future;
  }

  /** Idle keep-alive connections to {@code uri}'s host and port; for tests and metrics. */
  public int idleConnections(URI uri) {
    return pool.idleCount(Target.of(uri).address());
  }

  private void dispatch(Exchange exchange, boolean mayReuse) {
    String address = exchange.target().address();
    Channel idle = mayReuse ? pool.acquire(address) : null;
    if (idle != null) {
      exchange.reused(true);
      ExchangeHandler.begin(idle, exchange, retry -> dispatch(retry, false));
      return;
    }
    exchange.reused(false);
    ChannelFuture connect;
    try {
      connect = bootstrap.connect(exchange.target().host(), exchange.target().port());
    } catch (RuntimeException e) {
      // The event loop refuses work once the fetcher is closing.
      exchange.future().completeExceptionally(new FetchException(Kind.CONNECT_REFUSED,
          exchange.uri(), "fetcher is closed", e));
      return;
    }
    Channel channel = connect.channel();
    channel.closeFuture().addListener(closed -> pool.forget(address, channel));
    connect.addListener(done -> {
      if (done.isSuccess()) {
        ExchangeHandler.begin(channel, exchange, retry -> dispatch(retry, false));
      } else {
        exchange.future().completeExceptionally(connectFailure(exchange, done.cause()));
      }
    });
  }

  private FetchException connectFailure(Exchange exchange, Throwable cause) {
    if (cause instanceof ConnectTimeoutException) {
      return new FetchException(Kind.CONNECT_TIMEOUT, exchange.uri(), "no connection within "
          + config.connectTimeout().toMillis() + " ms", cause);
    }
    return new FetchException(Kind.CONNECT_REFUSED, exchange.uri(),
        String.valueOf(cause.getMessage()), cause);
  }

  /** Closes every connection (failing requests in flight) and stops the event loop. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    pool.close();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
