package io.streaminglab.origin;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.time.Clock;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the requests and responses of one connection, one request at a time; what to answer is
 * the {@link Responder}'s.
 *
 * <p>The connection does not read on its own (auto-read is off): the handler asks for the next
 * read only once the previous response has been written, so a client that reads slowly costs no
 * buffering and holds at most one open file. Requests pipelined in one read wait in a short
 * queue; a client that pipelines more than {@value #MAX_PIPELINED} is disconnected. (Netty's
 * {@code FlowControlHandler} would do this, but in Netty 4.2.15 and later it can lose a
 * {@code read()} issued from within {@code channelRead}, which stalls keep-alive connections:
 * netty/netty#17050.)
 *
 * <p>A segment's headers and file region go out under {@code TCP_CORK} where the transport
 * has it (epoll), so that they share full packets as nginx's {@code tcp_nopush} makes them.
 *
 * <p>A connection is closed after a response when the client asked for it
 * ({@code Connection: close}, HTTP/1.0), after a malformed request, when it fails, and when it
 * has been idle too long.
 */
final class OriginRequestHandler extends ChannelInboundHandlerAdapter {
  static final int MAX_PIPELINED = 32;
  private static final AsciiString ANY_ORIGIN = AsciiString.cached("*");
  private static final AsciiString EXPOSED_HEADERS =
      AsciiString.cached("Content-Length, Content-Range");

  private static final Logger log = LoggerFactory.getLogger(OriginRequestHandler.class);

  private final Responder responder;
  private final OriginMetrics metrics;
  private final Clock clock;
  private final HttpDates dates;
  private final OriginTransport transport;
  /** Requests that arrived while a response was being written. */
  private final ArrayDeque<FullHttpRequest> pipelined = new ArrayDeque<>();
  private boolean responding;

  OriginRequestHandler(Responder responder, OriginMetrics metrics, Clock clock, HttpDates dates,
      OriginTransport transport) {
    this.responder = responder;
    this.metrics = metrics;
    this.clock = clock;
    this.dates = dates;
    this.transport = transport;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.read();
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object message) {
    if (!(message instanceof FullHttpRequest)) {
      ReferenceCountUtil.release(message);
      return;
    }
    FullHttpRequest request = (FullHttpRequest) message;
    if (!responding) {
      handle(ctx, request);
    } else if (pipelined.size() < MAX_PIPELINED) {
      pipelined.add(request);
    } else {
      request.release();
      log.debug("Origin closes {}: more than {} pipelined requests",
          ctx.channel().remoteAddress(), MAX_PIPELINED);
      ctx.close();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    releasePipelined();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    releasePipelined();
  }

  private void releasePipelined() {
    for (FullHttpRequest request = pipelined.poll(); request != null;
        request = pipelined.poll()) {
      request.release();
    }
  }

  /** Answers {@code request}, then the next pipelined one or reads on (see {@link #send}). */
  private void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
    responding = true;
    try {
      answer(ctx, request);
    } catch (RuntimeException e) {
      // Also reached from a write listener, where Netty would only log it: close here.
      log.warn("Origin failed to answer {} {}", request.method(), request.uri(), e);
      ctx.close();
    } finally {
      request.release();
    }
  }

  /** After a response went out: the next pipelined request, or a read for new ones. */
  private void next(ChannelHandlerContext ctx) {
    FullHttpRequest request = pipelined.poll();
    if (request != null) {
      handle(ctx, request);
    } else {
      responding = false;
      ctx.read();
    }
  }

  private void answer(ChannelHandlerContext ctx, FullHttpRequest request) {
    long started = System.nanoTime();
    if (!request.decoderResult().isSuccess()) {
      Throwable cause = request.decoderResult().cause();
      log.debug("Origin refused a malformed request from {}: {}", ctx.channel().remoteAddress(),
          String.valueOf(cause));
      send(ctx, Responder.malformed(cause), false, false, started);
      return;
    }
    boolean http10 = request.protocolVersion().equals(HttpVersion.HTTP_1_0);
    send(ctx, responder.answer(request, ctx.alloc()), HttpUtil.isKeepAlive(request), http10, started);
  }

  /**
   * Writes a reply with the connection's headers; once it is out, counts it and goes on to the
   * next request or closes the connection.
   */
  private void send(ChannelHandlerContext ctx, Reply reply, boolean keepAlive, boolean http10,
      long startedNanos) {
    HttpResponse response = reply.response();
    response.headers()
        .set(HttpHeaderNames.DATE, dates.formatMillis(clock.millis()))
        .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, ANY_ORIGIN)
        .set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED_HEADERS);
    HttpUtil.setKeepAlive(response, keepAlive);
    if (keepAlive && http10) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    int status = response.status().code();
    long bodyBytes = reply.bodyBytes();
    log.debug("Origin answers {} to {}", status, ctx.channel().remoteAddress());
    ChannelFuture last;
    boolean corked = false;
    if (reply.file() == null) {
      last = ctx.writeAndFlush(response);
    } else {
      // Corked, the headers and the start of the file leave in full packets, not the headers
      // alone first; the listener uncorks once the region is handed to the kernel.
      corked = transport.cork(ctx.channel(), true);
      ctx.write(response);
      ctx.write(reply.file());
      last = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    }
    boolean uncork = corked;
    last.addListener(future -> {
      if (uncork && ctx.channel().isActive()) {
        transport.cork(ctx.channel(), false);
      }
      metrics.requestCompleted(status, bodyBytes, future.isSuccess(),
          System.nanoTime() - startedNanos);
      if (future.isSuccess() && keepAlive) {
        next(ctx);
      } else {
        ctx.close();
      }
    });
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof IdleStateEvent) {
      log.debug("Origin closes idle connection {}", ctx.channel().remoteAddress());
      ctx.close();
      return;
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("Origin connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
