package io.streaminglab.httpclient.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.streaminglab.httpclient.HttpResult;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One request and the future of its response, from the call until the future completes. It is
 * dispatched to a connection once, and once more on a fresh connection when a pooled one turns
 * out to have been closed by the server before it answered (a stale keep-alive connection).
 */
public final class Exchange {
  static final String USER_AGENT = "streaming-lab";

  private final HttpMethod method;
  private final URI uri;
  private final Target target;
  private final Map<String, String> headers;
  private final long startNanos;
  private final CompletableFuture<HttpResult> future = new CompletableFuture<>();
  /** The connection now carrying this exchange, for cancellation; null while connecting. */
  private volatile Channel channel;
  /** Whether the current attempt runs on a connection taken from the pool. */
  private volatile boolean reused;
  private volatile boolean retried;

  public Exchange(HttpMethod method, URI uri, Target target, Map<String, String> headers,
      long startNanos) {
    this.method = method;
    this.uri = uri;
    this.target = target;
    this.headers = Map.copyOf(headers);
    this.startNanos = startNanos;
  }

  public HttpMethod method() {
    return method;
  }

  public URI uri() {
    return uri;
  }

  public Target target() {
    return target;
  }

  public long startNanos() {
    return startNanos;
  }

  public CompletableFuture<HttpResult> future() {
    return future;
  }

  public Channel channelIfCarried() {
    return channel;
  }

  void channel(Channel value) {
    channel = value;
  }

  public void reused(boolean value) {
    reused = value;
  }

  /** Whether a failure before any response byte may be retried once on a fresh connection. */
  boolean mayRetryOnFreshConnection() {
    return reused && !retried && !future.isDone();
  }

  void markRetried() {
    retried = true;
    reused = false;
  }

  /** A new request message for one attempt (a written message is released by Netty). */
  FullHttpRequest newRequest() {
    FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method,
        target.pathAndQuery(), Unpooled.EMPTY_BUFFER);
    request.headers()
        .set(HttpHeaderNames.HOST, target.hostHeader())
        .set(HttpHeaderNames.USER_AGENT, USER_AGENT)
        .set(HttpHeaderNames.ACCEPT, "*/*");
    if (method.equals(HttpMethod.POST)) {
      request.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
    }
    headers.forEach(request.headers()::set);
    return request;
  }
}
