package io.streaminglab.switcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.streaminglab.httpclient.HttpFetcher;
import io.streaminglab.httpclient.HttpFetcherConfig;
import io.streaminglab.httpclient.HttpResult;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The status page's files as the switcher serves them: types, caching, 404s, no traversal. */
class StatusPageRoutesTest {
  private static final Pattern IMPORT = Pattern.compile("from '\\./([\\w./]+)'");
  private static final Pattern LINKED = Pattern.compile("(?:src|href)=\"(/ui/[^\"]+)\"");

  private Switcher switcher;
  private SwitcherServer server;
  private final HttpFetcher http = new HttpFetcher(HttpFetcherConfig.defaults());

  @BeforeEach
  void start() throws Exception {
    // Origins on closed ports: the page is served whatever the origins do.
    SwitcherConfig config = SwitcherConfig.of(URI.create("http://127.0.0.1:9/hls"),
        URI.create("http://127.0.0.1:9/hls"), "0123456789abcdef0123456789abcdef").withPort(0);
    PrometheusRegistry registry = new PrometheusRegistry();
    switcher = new Switcher(config, registry, Clock.systemUTC()).start();
    server = new SwitcherServer(switcher, registry).start();
  }

  @AfterEach
  void stop() {
    http.close();
    server.close();
    switcher.close();
  }

  @Test
  void thePageIsHtmlThatMayLoadOnlyFromTheSwitcher() throws Exception {
    HttpResult page = get("/", Map.of());

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(page.header("Content-Security-Policy")).contains("default-src 'self'")
        .contains("media-src 'self' blob:").doesNotContain("unsafe");
    assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(text(page)).contains("<video").contains("Stop origin-primary")
        .contains("/ui/lib/hls.min.js");
  }

  @Test
  void everyFileThePageLinksOrImportsIsServedWithItsType() throws Exception {
    Set<String> served = new HashSet<>();
    Deque<String> pending = new ArrayDeque<>();
    Matcher linked = LINKED.matcher(text(get("/", Map.of())));
    while (linked.find()) {
      pending.add(linked.group(1));
    }
    while (!pending.isEmpty()) {
      String path = pending.poll();
      if (!served.add(path)) {
        continue;
      }
      HttpResult file = get(path, Map.of());
      assertThat(file.status()).as(path).isEqualTo(200);
      assertThat(file.body()).as(path).isNotEmpty();
      String type = file.header("Content-Type");
      if (path.endsWith(".js")) {
        assertThat(type).as(path).isEqualTo("text/javascript; charset=utf-8");
        String directory = path.substring(0, path.lastIndexOf('/') + 1);
        Matcher imports = IMPORT.matcher(text(file));
        while (imports.find()) {
          pending.add(directory + imports.group(1));
        }
      } else {
        assertThat(path).endsWith(".css");
        assertThat(type).as(path).isEqualTo("text/css; charset=utf-8");
      }
    }
    assertThat(served).contains("/ui/app.js", "/ui/player.js", "/ui/charts.js",
        "/ui/lib/hls.min.js", "/ui/lib/uPlot.esm.js", "/ui/lib/uPlot.min.css", "/ui/style.css");
  }

  @Test
  void theLibrariesAreTheBundledWebJars() throws Exception {
    assertThat(text(get("/ui/lib/hls.min.js", Map.of()))).contains("Hls");
    assertThat(text(get("/ui/lib/uPlot.esm.js", Map.of()))).contains("export");
    assertThat(PageAssets.webjar("hls.js", "dist/hls.min.js"))
        .startsWith("META-INF/resources/webjars/hls.js/1.");
  }

  @Test
  void aBrowserThatHasAFileGetsA304() throws Exception {
    HttpResult first = get("/ui/app.js", Map.of());
    String etag = first.header("ETag");
    assertThat(etag).startsWith("\"");
    assertThat(first.header("Cache-Control")).isEqualTo("no-cache");

    HttpResult again = get("/ui/app.js", Map.of("If-None-Match", etag));
    assertThat(again.status()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(get("/ui/app.js", Map.of("If-None-Match", "\"other\"")).status())
        .isEqualTo(200);
  }

  @Test
  void pathsThatAreNotPartOfThePageAre404() throws Exception {
    for (String path : List.of("/ui/", "/ui/nope.js", "/ui/lib/hls.js", "/index.html",
        "/ui/lib/uPlot.d.ts", "/ui/App.js", "/ui/app.js/")) {
      assertThat(get(path, Map.of()).status()).as(path).isEqualTo(404);
    }
  }

  @Test
  void noPathReachesAnythingElseOnTheClasspathOrDisk() throws Exception {
    for (String target : List.of("/ui/../../../../etc/passwd", "/ui/%2e%2e/%2e%2e/etc/passwd",
        "/ui/..%2f..%2f..%2fetc%2fpasswd", "/ui//etc/passwd", "/ui/lib/../../etc/passwd",
        "/ui/lib/%2e%2e/%2e%2e/io/streaminglab/switcher/Switcher.class",
        "/ui/../io/streaminglab/switcher/ui/app.js", "/ui/lib/../../META-INF/MANIFEST.MF",
        "/ui/app.js%00.html", "/ui/%5c..%5c..%5cetc%5cpasswd",
        "/ui/lib/hls.min.js/../../../../logback.xml")) {
      String answer = rawGet(target);
      assertThat(answer).as(target).startsWith("HTTP/1.1 4").doesNotContain("root:")
          .doesNotContain("\u00ca\u00fe\u00ba\u00be").doesNotContain("Manifest-Version")
          .doesNotContain("import ");
    }
  }

  @Test
  void theStatusApiNeedsNoToken() throws Exception {
    HttpResult status = get("/api/status", Map.of());

    assertThat(status.status()).isEqualTo(200);
    assertThat(text(status)).contains("\"origins\"").contains("\"history\"")
        .contains("\"switches\"");
  }

  private HttpResult get(String path, Map<String, String> headers) throws Exception {
    return http.get(URI.create("http://127.0.0.1:" + server.port() + path), headers).get();
  }

  private String rawGet(String target) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  private static String text(HttpResult result) {
    return new String(result.body(), StandardCharsets.UTF_8);
  }
}
