package io.streaminglab.switcher;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The status page's files: our own HTML, CSS and ES modules under {@code
 * io/streaminglab/switcher/ui/}, and hls.js and uPlot from the WebJars the build unpacks under
 * {@code META-INF/resources/webjars/}.
 *
 * <p>Only the paths listed here are served, each mapped to one fixed classpath resource: no part
 * of a request path ever becomes part of a resource name, so no path can reach anything else.
 * Files are read once and kept; every answer carries a strong ETag and {@code no-cache}, so a
 * browser revalidates (a 304 costs nothing on a laptop) and never runs a stale page against a
 * newer switcher.
 */
final class PageAssets {
  private static final String OWN = "io/streaminglab/switcher/ui/";
  private static final String JS = "text/javascript; charset=utf-8";
  private static final String CSS = "text/css; charset=utf-8";
  private static final String HTML = "text/html; charset=utf-8";
  /**
   * hls.js plays through MediaSource (blob: media) and runs its transmuxer in a blob: worker;
   * uPlot styles its elements from script. Nothing else is allowed, nothing from elsewhere but
   * the other switchers of the chain, which the player may fetch the stream from.
   */
  private static final String POLICY = "default-src 'self'; script-src 'self'; "
      + "style-src 'self'; img-src 'self' data:; media-src 'self' blob:; "
      + "worker-src 'self' blob:; connect-src 'self'%s; object-src 'none'; base-uri 'none'; "
      + "frame-ancestors 'none'; form-action 'none'";

  private final String policy;

  private final Map<String, Asset> assets = new LinkedHashMap<>();
  private final Map<String, Loaded> loaded = new ConcurrentHashMap<>();

  /** The page of a switcher alone. */
  PageAssets() {
    this(List.of());
  }

  /** The page of a switcher whose player may also fetch from {@code peers}. */
  PageAssets(Collection<URI> peers) {
    StringBuilder sources = new StringBuilder();
    for (URI peer : peers) {
      sources.append(' ').append(peer.getScheme()).append("://").append(peer.getHost())
          .append(peer.getPort() < 0 ? "" : ":" + peer.getPort());
    }
    policy = String.format(POLICY, sources);
    add("/", OWN + "index.html", HTML);
    for (String module : new String[] {"app.js", "player.js", "status.js", "charts.js",
        "controls.js", "format.js"}) {
      add("/ui/" + module, OWN + module, JS);
    }
    add("/ui/style.css", OWN + "style.css", CSS);
    add("/ui/lib/hls.min.js", webjar("hls.js", "dist/hls.min.js"), JS);
    add("/ui/lib/uPlot.esm.js", webjar("uplot", "dist/uPlot.esm.js"), JS);
    add("/ui/lib/uPlot.min.css", webjar("uplot", "dist/uPlot.min.css"), CSS);
  }

  private void add(String path, String resource, String contentType) {
    assets.put(path, new Asset(resource, contentType));
  }

  /**
   * Where a WebJar's file is, found by the version its {@code pom.properties} names, or null
   * when the WebJar is not on the classpath (a build that skipped unpacking it).
   */
  static String webjar(String artifact, String file) {
    String properties = "META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties";
    try (InputStream in = PageAssets.class.getClassLoader().getResourceAsStream(properties)) {
      if (in == null) {
        return null;
      }
      Properties pom = new Properties();
      pom.load(in);
      String version = pom.getProperty("version");
      return version == null ? null
          : "META-INF/resources/webjars/" + artifact + "/" + version + "/" + file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether {@code path} is one of the page's files. */
  boolean serves(String path) {
    return assets.containsKey(path);
  }

  /** The file at {@code path}, a 304 when the browser has it, or a 404. */
  FullHttpResponse answer(String path, HttpHeaders request) {
    Asset asset = assets.get(path);
    Loaded file = asset == null || asset.resource() == null ? null
        : loaded.computeIfAbsent(path, ignored -> load(asset));
    if (file == null) {
      return SwitcherHandler.response(HttpResponseStatus.NOT_FOUND, ("Not part of the status "
          + "page; rebuild with ./mvnw package if the page's libraries are missing.\n")
          .getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
    }
    boolean fresh = file.etag().equals(request.get(HttpHeaderNames.IF_NONE_MATCH));
    FullHttpResponse response = SwitcherHandler.response(
        fresh ? HttpResponseStatus.NOT_MODIFIED : HttpResponseStatus.OK,
        fresh ? null : file.bytes(), asset.contentType());
    response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache")
        .set(HttpHeaderNames.ETAG, file.etag())
        .set("X-Content-Type-Options", "nosniff");
    if (asset.contentType().equals(HTML)) {
      response.headers().set("Content-Security-Policy", policy)
          // The first address carries the admin token; no request may pass it on.
          .set("Referrer-Policy", "no-referrer");
    }
    return response;
  }

  private static Loaded load(Asset asset) {
    try (InputStream in = PageAssets.class.getClassLoader()
        .getResourceAsStream(asset.resource())) {
      if (in == null) {
        return null;
      }
      byte[] bytes = in.readAllBytes();
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return new Loaded(bytes, "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  private record Asset(String resource, String contentType) {}

  private record Loaded(byte[] bytes, String etag) {}
}
