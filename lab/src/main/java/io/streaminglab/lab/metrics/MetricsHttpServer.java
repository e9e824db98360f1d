package io.streaminglab.lab.metrics;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.streaminglab.ingest.PortInUseException;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Serves a registry's metrics in the Prometheus text format at {@code GET /metrics}, for a
 * component that runs alone (in {@code up} the switcher serves every component's metrics).
 *
 * <p>Pipeline: {@code HttpServerCodec → HttpObjectAggregator → MetricsHandler}.
 */
public final class MetricsHttpServer implements AutoCloseable {
  private final PrometheusRegistry registry;
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private EventLoopGroup group;
  private Channel channel;

  public MetricsHttpServer(PrometheusRegistry registry) {
    this.registry = registry;
  }

  /** Binds {@code host:port} and serves until closed. */
  public MetricsHttpServer start(String host, int port)
      throws PortInUseException, InterruptedException {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpServerCodec(4096, 8192, 8192),
                new HttpObjectAggregator(64 * 1024), new MetricsHandler());
          }
        });
    try {
      channel = bootstrap.bind(host, port).sync().channel();
    } catch (Exception e) {
      close();
      if (e instanceof BindException) {
        throw new PortInUseException(host, port, e);
      }
      throw e;
    }
    return this;
  }

  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public void close() {
    if (channel != null) {
      channel.close().syncUninterruptibly();
      channel = null;
    }
    if (group != null) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      group = null;
    }
  }

  private final class MetricsHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request)
        throws IOException {
      String path = new QueryStringDecoder(request.uri()).path();
      FullHttpResponse response;
      if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
        response = text(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "Use GET /metrics.\n");
      } else if (path.equals("/metrics")) {
        ByteBuf body = ctx.alloc().buffer();
        try (ByteBufOutputStream out = new ByteBufOutputStream(body)) {
          writer.write(out, registry.scrape());
        }
        response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, writer.getContentType());
      } else {
        response = text(ctx, HttpResponseStatus.NOT_FOUND, "Not found; metrics are at /metrics.\n");
      }
      HttpUtil.setContentLength(response, response.content().readableBytes());
      if (request.method().equals(HttpMethod.HEAD)) {
        response.content().clear();
      }
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      HttpUtil.setKeepAlive(response, keepAlive);
      var future = ctx.writeAndFlush(response);
      if (!keepAlive) {
        future.addListener(ChannelFutureListener.CLOSE);
      }
    }

    private FullHttpResponse text(ChannelHandlerContext ctx, HttpResponseStatus status,
        String body) {
      FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
          ctx.alloc().buffer().writeBytes(body.getBytes(StandardCharsets.UTF_8)));
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
      return response;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
