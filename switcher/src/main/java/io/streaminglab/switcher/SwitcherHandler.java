package io.streaminglab.switcher;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers players ({@code /hls/index.m3u8}, {@code /hls/seg-N.ts}), operators ({@code
 * /healthz}, {@code /metrics}), people (the status page at {@code /}, its files under {@code
 * /ui/} and its data at {@code /api/status}) and the admin API ({@code /admin/...}, token
 * required).
 */
final class SwitcherHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger log = LoggerFactory.getLogger(SwitcherHandler.class);
  private static final Pattern SEGMENT = Pattern.compile("/hls/seg-(\\d{1,18})\\.ts");
  private static final String PLAYLIST_TYPE = "application/vnd.apple.mpegurl";
  private static final String HINT = "Streaming Lab switcher: the status page is at /, "
      + "players use /hls/index.m3u8; health is at /healthz, metrics at /metrics.\n";
  /** Which origin served a segment's bytes; the status page shows it. */
  static final String ORIGIN_HEADER = "X-Origin";

  private final Switcher switcher;
  private final PrometheusRegistry registry;
  private final PrometheusTextFormatWriter metricsWriter = PrometheusTextFormatWriter.create();
  private final byte[] adminToken;
  private final ComponentControl components;
  private final Executor adminExecutor;
  private final PageAssets page;

  SwitcherHandler(Switcher switcher, PrometheusRegistry registry, ComponentControl components,
      Executor adminExecutor, PageAssets page) {
    this.adminExecutor = adminExecutor;
    this.page = page;
    this.switcher = switcher;
    this.registry = registry;
    this.components = components;
    this.adminToken = switcher.config().adminToken().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request)
      throws Exception {
    long started = System.nanoTime();
    if (!request.decoderResult().isSuccess()) {
      refuseMalformed(ctx, request.decoderResult().cause(), started);
      return;
    }
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    String path;
    try {
      path = uri.path();
    } catch (IllegalArgumentException e) {
      send(ctx, text(HttpResponseStatus.BAD_REQUEST, "The request's path is not valid "
          + "percent-encoding (" + e.getMessage() + ").\n"), false, false, "other", started);
      return;
    }
    HttpMethod method = request.method();
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    boolean head = method.equals(HttpMethod.HEAD);
    if (path.startsWith("/admin/")) {
      admin(ctx, request, uri, keepAlive, started);
      return;
    }
    if (method.equals(HttpMethod.OPTIONS) && path.startsWith("/hls/")) {
      FullHttpResponse response = response(HttpResponseStatus.NO_CONTENT, null, null);
      response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD, OPTIONS")
          .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "Range")
          .set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "86400");
      send(ctx, response, keepAlive, false, "other", started);
      return;
    }
    if (!method.equals(HttpMethod.GET) && !head) {
      send(ctx, text(HttpResponseStatus.METHOD_NOT_ALLOWED, "Use GET or HEAD.\n"), keepAlive,
          head, "other", started);
      return;
    }
    Matcher segment = SEGMENT.matcher(path);
    if (path.equals("/hls/index.m3u8")) {
      playlist(ctx, keepAlive, head, started);
    } else if (path.equals("/hls/live.m3u8")) {
      livePlaylist(ctx, keepAlive, head, started);
    } else if (path.equals("/hls/steering.json")) {
      steering(ctx, request, uri, keepAlive, head, started);
    } else if (segment.matches()) {
      segment(ctx, Long.parseLong(segment.group(1)), keepAlive, head, started);
    } else if (path.equals("/api/status")) {
      status(ctx, uri, keepAlive, head, started);
    } else if (page.serves(path)) {
      send(ctx, page.answer(path, request.headers()), keepAlive, head, "page", started);
    } else if (path.equals("/healthz")) {
      Switcher.View view = switcher.view();
      HttpResponseStatus status = "down".equals(HealthReport.status(view))
          ? HttpResponseStatus.SERVICE_UNAVAILABLE : HttpResponseStatus.OK;
      FullHttpResponse response = response(status, health(view),
          "application/json");
      response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
      send(ctx, response, keepAlive, head, "health", started);
    } else if (path.equals("/metrics")) {
      ByteBuf body = ctx.alloc().buffer();
      try (ByteBufOutputStream out = new ByteBufOutputStream(body)) {
        metricsWriter.write(out, registry.scrape());
      }
      FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
          HttpResponseStatus.OK, body);
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, metricsWriter.getContentType());
      send(ctx, response, keepAlive, head, "metrics", started);
    } else {
      send(ctx, text(HttpResponseStatus.NOT_FOUND, HINT), keepAlive, head, "other", started);
    }
  }

  /**
   * The status page's data. Listing the components may wait for a stop or start under way, so
   * the answer is made on the admin thread.
   */
  private void status(ChannelHandlerContext ctx, QueryStringDecoder uri, boolean keepAlive,
      boolean head, long started) {
    Instant since = null;
    List<String> sinceParam = uri.parameters().get("since");
    if (sinceParam != null && !sinceParam.isEmpty()) {
      try {
        since = Instant.ofEpochMilli(Long.parseLong(sinceParam.get(0)));
      } catch (NumberFormatException e) {
        send(ctx, jsonError(HttpResponseStatus.BAD_REQUEST, "since is milliseconds "
            + "since the epoch, such as the t of the last sample."), keepAlive, head, "status",
            started);
        return;
      }
    }
    Instant from = since;
    CompletableFuture.supplyAsync(() -> StatusReport.json(switcher.view(), switcher.config(),
            switcher.history(), from, components.components()), adminExecutor)
        .whenComplete((body, error) -> ctx.executor().execute(() -> {
          if (error != null) {
            log.warn("Status report failed", error);
          }
          FullHttpResponse response = error == null
              ? response(HttpResponseStatus.OK, body, "application/json")
              : jsonError(HttpResponseStatus.INTERNAL_SERVER_ERROR,
                  "The status report failed; see the lab's log.");
          response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
          send(ctx, response, keepAlive, head, "status", started);
        }));
  }

  private void playlist(ChannelHandlerContext ctx, boolean keepAlive, boolean head,
      long started) {
    Switcher.View view = switcher.view();
    String reason = unavailable(view);
    if (reason != null) {
      FullHttpResponse response = text(HttpResponseStatus.SERVICE_UNAVAILABLE, reason + "\n");
      response.headers().set(HttpHeaderNames.RETRY_AFTER, "2");
      send(ctx, response, keepAlive, head, "playlist", started);
      return;
    }
    FullHttpResponse response = response(HttpResponseStatus.OK,
        view.playlistText().getBytes(StandardCharsets.UTF_8), PLAYLIST_TYPE);
    response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
    send(ctx, response, keepAlive, head, "playlist", started);
  }

  private void livePlaylist(ChannelHandlerContext ctx, boolean keepAlive, boolean head,
      long started) {
    String reason = unavailable(switcher.view());
    String text = reason == null ? switcher.livePlaylistText() : null;
    if (text == null) {
      FullHttpResponse response = text(HttpResponseStatus.SERVICE_UNAVAILABLE, (reason != null
          ? reason : "Nothing describes the stream yet (no segment has been served); retry in "
          + "a few seconds.") + "\n");
      response.headers().set(HttpHeaderNames.RETRY_AFTER, "2");
      send(ctx, response, keepAlive, head, "playlist", started);
      return;
    }
    FullHttpResponse response = response(HttpResponseStatus.OK,
        text.getBytes(StandardCharsets.UTF_8), PLAYLIST_TYPE);
    response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
    send(ctx, response, keepAlive, head, "playlist", started);
  }

  /** The content steering manifest; a query no player would send is refused, saying why. */
  private void steering(ChannelHandlerContext ctx, FullHttpRequest request,
      QueryStringDecoder uri, boolean keepAlive, boolean head, long started) {
    int question = request.uri().indexOf('?');
    String raw = question < 0 ? null : request.uri().substring(question + 1);
    String problem;
    try {
      problem = SteeringQuery.problem(raw, uri.parameters(), switcher.pathways().keySet());
    } catch (IllegalArgumentException e) {
      // A %-escape that decodes to nothing: no player sends one.
      problem = "The steering request's query is not URL-encoded text.";
    }
    if (problem != null) {
      send(ctx, jsonError(HttpResponseStatus.BAD_REQUEST, problem), keepAlive, head,
          "steering", started);
      return;
    }
    FullHttpResponse response = response(HttpResponseStatus.OK,
        SteeringManifest.json(switcher.pathways()), "application/json");
    response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
    send(ctx, response, keepAlive, head, "steering", started);
  }

  private byte[] health(Switcher.View view) {
    return HealthReport.json(view, switcher.config().name(), switcher.pathways());
  }

  /**
   * Why the playlist cannot be served, or null when it can: it is served while either origin
   * served one recently (three target durations), stale or not.
   */
  static String unavailable(Switcher.View view) {
    if (view.playlistText() == null) {
      return "No origin has served a playlist yet; retry in a few seconds.";
    }
    boolean anyHealthy = false;
    for (Switcher.OriginView origin : view.origins()) {
      anyHealthy |= origin.healthy();
    }
    Duration recent = Duration.ofSeconds(Math.max(6,
        3 * view.playlist().targetDurationSeconds()));
    Instant last = view.lastPlaylistAt();
    if (!anyHealthy && (last == null || Duration.between(last, view.at()).compareTo(recent) > 0)) {
      return "Both origins are down; the switcher serves again as soon as one returns.";
    }
    return null;
  }

  private void segment(ChannelHandlerContext ctx, long sequence, boolean keepAlive, boolean head,
      long started) {
    CompletableFuture<FetchedSegment> bytes = switcher.segment(sequence);
    if (bytes == null) {
      send(ctx, text(HttpResponseStatus.NOT_FOUND, "Segment " + sequence
          + " is not in the switcher's playlist.\n"), keepAlive, head, "segment", started);
      return;
    }
    bytes.whenComplete((data, error) -> ctx.executor().execute(() -> {
      if (error != null) {
        log.warn("Segment {} could be fetched from no origin: {}", sequence,
            error.getMessage());
        FullHttpResponse response = text(HttpResponseStatus.SERVICE_UNAVAILABLE,
            "Segment " + sequence + " could be fetched from no origin.\n");
        response.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
        send(ctx, response, keepAlive, head, "segment", started);
        return;
      }
      FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
          HttpResponseStatus.OK, Unpooled.wrappedBuffer(data.bytes()));
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, "video/mp2t")
          .set(HttpHeaderNames.CACHE_CONTROL, "public, max-age=3600")
          .set(ORIGIN_HEADER, data.origin().label())
          .set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, ORIGIN_HEADER);
      send(ctx, response, keepAlive, head, "segment", started);
    }));
  }

  private void admin(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri,
      boolean keepAlive, long started) throws InterruptedException {
    if (!authorised(request, uri)) {
      FullHttpResponse response = jsonError(HttpResponseStatus.UNAUTHORIZED,
          "The admin API needs the token: Authorization: Bearer TOKEN.");
      response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
      send(ctx, response, keepAlive, false, "admin", started);
      return;
    }
    String action = uri.path().substring("/admin/".length());
    if (action.equals("components") || action.startsWith("components/")) {
      HttpMethod method = request.method();
      CompletableFuture.supplyAsync(() -> ComponentRequests.answer(components, method, action),
              adminExecutor)
          .whenComplete((response, error) -> ctx.executor().execute(() -> send(ctx,
              error == null ? response : jsonError(HttpResponseStatus.INTERNAL_SERVER_ERROR,
                  "The action failed; see the lab's log."),
              keepAlive, false, "admin", started)));
      return;
    }
    if (action.equals("state") && request.method().equals(HttpMethod.GET)) {
      send(ctx, response(HttpResponseStatus.OK, health(switcher.view()),
          "application/json"), keepAlive, false, "admin", started);
      return;
    }
    if (!request.method().equals(HttpMethod.POST)) {
      send(ctx, jsonError(HttpResponseStatus.METHOD_NOT_ALLOWED,
          "Use POST for admin actions."), keepAlive, false, "admin", started);
      return;
    }
    List<String> originParam = uri.parameters().get("origin");
    Origin origin = originParam == null || originParam.isEmpty() ? null
        : Origin.of(originParam.get(0));
    Switcher.View view;
    switch (action) {
      case "force":
      case "pin":
        if (origin == null) {
          send(ctx, jsonError(HttpResponseStatus.BAD_REQUEST,
              "Name the origin: ?origin=primary or ?origin=backup."), keepAlive,
              false, "admin", started);
          return;
        }
        Instant now = Instant.now();
        view = action.equals("force")
            ? switcher.operate(policy -> policy.force(origin, now))
            : switcher.operate(policy -> policy.pin(origin, now));
        log.warn("Admin API: {} {}", action, origin.label());
        break;
      case "release":
        view = switcher.operate(policy -> {
          policy.release();
          return null;
        });
        log.warn("Admin API: release the pin");
        break;
      default:
        send(ctx, jsonError(HttpResponseStatus.NOT_FOUND, "Unknown action; use "
            + "state, force, pin or release."), keepAlive, false, "admin", started);
        return;
    }
    send(ctx, response(HttpResponseStatus.OK, health(view), "application/json"),
        keepAlive, false, "admin", started);
  }

  private boolean authorised(FullHttpRequest request, QueryStringDecoder uri) {
    String given = null;
    String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
    if (authorization != null && authorization.startsWith("Bearer ")) {
      given = authorization.substring("Bearer ".length()).trim();
    } else if (uri.parameters().containsKey("token")) {
      given = uri.parameters().get("token").get(0);
    }
    return given != null
        && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), adminToken);
  }

  /** A JSON answer {@code {"error": message}}, the admin API's and status API's errors. */
  /**
   * A request the decoder could not read (a request line or headers beyond the codec's bounds,
   * or no HTTP at all): 414, 431 or 400 with the reason, and the connection closed, as the
   * origin answers.
   */
  private void refuseMalformed(ChannelHandlerContext ctx, Throwable cause, long started) {
    HttpResponseStatus status = cause instanceof TooLongHttpLineException
        ? HttpResponseStatus.REQUEST_URI_TOO_LONG
        : cause instanceof TooLongHttpHeaderException
            ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
            : HttpResponseStatus.BAD_REQUEST;
    log.debug("Switcher refused a malformed request from {}: {}", ctx.channel().remoteAddress(),
        String.valueOf(cause));
    send(ctx, text(status, "The request could not be read: " + cause.getMessage() + "\n"),
        false, false, "other", started);
  }

  static FullHttpResponse jsonError(HttpResponseStatus status, String message) {
    return response(status, AdminJson.compact(AdminJson.object().put("error", message)),
        "application/json");
  }

  private static FullHttpResponse text(HttpResponseStatus status, String body) {
    return response(status, body.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
  }

  static FullHttpResponse response(HttpResponseStatus status, byte[] body,
      String contentType) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
        body == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
    if (contentType != null) {
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    }
    return response;
  }

  private void send(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive,
      boolean head, String kind, long started) {
    response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
    HttpUtil.setContentLength(response, response.content().readableBytes());
    if (head) {
      response.content().clear();
    }
    HttpUtil.setKeepAlive(response, keepAlive);
    ChannelFuture future = ctx.writeAndFlush(response);
    if (!keepAlive) {
      future.addListener(ChannelFutureListener.CLOSE);
    }
    switcher.metrics().served(kind, response.status().code(), System.nanoTime() - started);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof IdleStateEvent) {
      ctx.close();
      return;
    }
    super.userEventTriggered(ctx, event);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!(cause instanceof IOException)) {
      log.debug("Switcher connection from {} failed: {}", ctx.channel().remoteAddress(),
          cause.toString());
    }
    ctx.close();
  }
}
