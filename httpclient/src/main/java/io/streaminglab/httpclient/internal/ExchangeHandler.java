package io.streaminglab.httpclient.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.streaminglab.httpclient.FetchException;
import io.streaminglab.httpclient.FetchException.Kind;
import io.streaminglab.httpclient.HttpResult;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The last handler of a client connection, after {@code HttpClientCodec}: carries one
 * {@link Exchange} at a time from request to complete response.
 *
 * <ol>
 *   <li>{@link #begin} (on the event loop) writes the request and arms the response timeout;
 *   <li>the response head is checked against the body limit, body chunks are accumulated up to
 *       it, and the last chunk completes the exchange: the connection goes back to the pool when
 *       both sides allow keep-alive, else it is closed;
 *   <li>any failure (timeout, close, reset, decoder error, limit) closes the connection, so a
 *       connection with an unfinished exchange is never reused.
 * </ol>
 */
public final class ExchangeHandler extends ChannelInboundHandlerAdapter {
  private final ConnectionPool pool;
  private final int maxBodyBytes;
  private final long responseTimeoutNanos;
  private final Consumer<Exchange> retryOnFreshConnection;

  private ChannelHandlerContext ctx;
  // State of the exchange in progress; all of it is touched on the event loop only.
  private Exchange current;
  private ScheduledFuture<?> timeout;
  private HttpResponse response;
  private boolean bodyless;
  private boolean informational;
  private long expectedLength;
  private byte[] body;
  private int received;

  public ExchangeHandler(ConnectionPool pool, int maxBodyBytes, long responseTimeoutNanos,
      Consumer<Exchange> retryOnFreshConnection) {
    this.pool = pool;
    this.maxBodyBytes = maxBodyBytes;
    this.responseTimeoutNanos = responseTimeoutNanos;
    this.retryOnFreshConnection = retryOnFreshConnection;
  }

  /**
   * Starts {@code exchange} on {@code channel}, which the caller owns (fresh or from the pool).
   * {@code retryOnFreshConnection} takes the exchange back when a pooled connection turns out
   * to be closed.
   */
  public static void begin(Channel channel, Exchange exchange,
      Consumer<Exchange> retryOnFreshConnection) {
    channel.eventLoop().execute(() -> {
      ExchangeHandler handler = channel.pipeline().get(ExchangeHandler.class);
      if (handler != null) {
        handler.begin(exchange);
        return;
      }
      // The pipeline went with the channel: a pooled connection closed under us.
      channel.close();
      if (exchange.mayRetryOnFreshConnection()) {
        exchange.markRetried();
        retryOnFreshConnection.accept(exchange);
      } else {
        exchange.future().completeExceptionally(new FetchException(Kind.RESET, exchange.uri(),
            "connection closed before the request was sent"));
      }
    });
  }

  /** Abandons {@code exchange} (its future was cancelled): its connection is closed. */
  public static void abandon(Channel channel, Exchange exchange) {
    channel.eventLoop().execute(() -> {
      ExchangeHandler handler = channel.pipeline().get(ExchangeHandler.class);
      if (handler != null && handler.current == exchange) {
        handler.clear();
        channel.close();
      }
    });
  }

  @Override
  public void handlerAdded(ChannelHandlerContext context) {
    this.ctx = context;
  }

  private void begin(Exchange exchange) {
    if (current != null) {
      // The pool hands a connection to one exchange at a time; this would be a bug here.
      exchange.future().completeExceptionally(new IllegalStateException(
          "connection already carries a request for " + current.uri()));
      return;
    }
    if (exchange.future().isDone()) {
      // Cancelled while connecting: the connection is sound, keep it for the next request.
      pool.release(exchange.target().address(), ctx.channel());
      return;
    }
    current = exchange;
    exchange.channel(ctx.channel());
    response = null;
    informational = false;
    body = null;
    received = 0;
    expectedLength = -1;
    if (!ctx.channel().isActive()) {
      fail(Kind.RESET, "connection closed before the request was sent", null);
      return;
    }
    timeout = ctx.executor().schedule(() -> fail(Kind.RESPONSE_TIMEOUT,
        "no complete response within " + TimeUnit.NANOSECONDS.toMillis(responseTimeoutNanos)
            + " ms", null), responseTimeoutNanos, TimeUnit.NANOSECONDS);
    ctx.writeAndFlush(exchange.newRequest()).addListener(written -> {
      if (!written.isSuccess() && current == exchange) {
        fail(Kind.RESET, "cannot send the request: " + written.cause(), written.cause());
      }
    });
  }

  @Override
  public void channelRead(ChannelHandlerContext context, Object msg) {
    try {
      read(msg);
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void read(Object msg) {
    if (current == null) {
      // Bytes nobody asked for: the connection cannot be trusted any more.
      ctx.close();
      return;
    }
    if (msg instanceof HttpObject object) {
      DecoderResult result = object.decoderResult();
      if (result.isFailure()) {
        fail(Kind.MALFORMED, "bad response: " + result.cause().getMessage(), result.cause());
        return;
      }
    }
    if (msg instanceof HttpResponse head && !onHead(head)) {
      return;
    }
    if (msg instanceof HttpContent content) {
      onContent(content);
    }
  }

  /** Returns false when the exchange failed on the head. */
  private boolean onHead(HttpResponse head) {
    int code = head.status().code();
    if (code >= 100 && code < 200 && code != 101) {
      informational = true;
      return true;
    }
    response = head;
    bodyless = current.method().equals(HttpMethod.HEAD) || code == 204 || code == 304;
    try {
      expectedLength = bodyless ? 0 : HttpUtil.getContentLength(head, -1L);
    } catch (NumberFormatException e) {
      fail(Kind.MALFORMED, "bad Content-Length: " + e.getMessage(), e);
      return false;
    }
    if (expectedLength > maxBodyBytes) {
      fail(Kind.BODY_TOO_LARGE, "Content-Length " + expectedLength + " is over the limit of "
          + maxBodyBytes + " bytes", null);
      return false;
    }
    body = new byte[(int) Math.max(0, Math.min(expectedLength, 64 * 1024))];
    return true;
  }

  private void onContent(HttpContent content) {
    if (informational) {
      informational = !(content instanceof LastHttpContent);
      return;
    }
    if (response == null) {
      fail(Kind.MALFORMED, "body without a response head", null);
      return;
    }
    ByteBuf bytes = content.content();
    int length = bytes.readableBytes();
    if (length > 0) {
      if (bodyless || (long) received + length > maxBodyBytes) {
        fail(Kind.BODY_TOO_LARGE, "body is longer than the limit of " + maxBodyBytes
            + " bytes", null);
        return;
      }
      if (expectedLength >= 0 && received + length > expectedLength) {
        fail(Kind.MALFORMED, "body is longer than its Content-Length", null);
        return;
      }
      if (received + length > body.length) {
        int grown = (int) Math.min(maxBodyBytes, Math.max((long) body.length * 2,
            (long) received + length));
        body = Arrays.copyOf(body, grown);
      }
      bytes.readBytes(body, received, length);
      received += length;
    }
    if (content instanceof LastHttpContent) {
      complete();
    }
  }

  private void complete() {
    if (expectedLength >= 0 && received < expectedLength) {
      fail(Kind.TRUNCATED, "body ended after " + received + " of " + expectedLength + " bytes",
          null);
      return;
    }
    Exchange exchange = current;
    HttpResult result = new HttpResult(response.status().code(), response.headers(),
        received == body.length ? body : Arrays.copyOf(body, received),
        System.nanoTime() - exchange.startNanos());
    boolean keepAlive = HttpUtil.isKeepAlive(response) && ctx.channel().isActive();
    clear();
    exchange.channel(null);
    if (keepAlive) {
      pool.release(exchange.target().address(), ctx.channel());
    } else {
      ctx.close();
    }
    exchange.future().complete(result);
  }

  @Override
  public void channelInactive(ChannelHandlerContext context) {
    if (current != null) {
      if (response == null) {
        fail(Kind.RESET, "connection closed before the response", null);
      } else {
        fail(Kind.TRUNCATED, "connection closed after " + received + (expectedLength >= 0
            ? " of " + expectedLength : "") + " body bytes", null);
      }
    }
    context.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
    if (current != null) {
      if (cause instanceof DecoderException) {
        fail(Kind.MALFORMED, "bad response: " + cause.getMessage(), cause);
      } else if (response == null) {
        fail(Kind.RESET, "connection failed before the response: " + cause.getMessage(), cause);
      } else {
        fail(Kind.TRUNCATED, "connection failed after " + received + " body bytes: "
            + cause.getMessage(), cause);
      }
    }
    context.close();
  }

  private void fail(Kind kind, String message, Throwable cause) {
    Exchange exchange = current;
    if (exchange == null) {
      return;
    }
    boolean responseStarted = response != null || informational;
    clear();
    exchange.channel(null);
    ctx.close();
    if (kind == Kind.RESET && !responseStarted && exchange.mayRetryOnFreshConnection()) {
      exchange.markRetried();
      retryOnFreshConnection.accept(exchange);
      return;
    }
    exchange.future().completeExceptionally(new FetchException(kind, exchange.uri(), message,
        cause));
  }

  private void clear() {
    current = null;
    response = null;
    body = null;
    if (timeout != null) {
      timeout.cancel(false);
      timeout = null;
    }
  }
}
