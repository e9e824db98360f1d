package io.streaminglab.origin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.streaminglab.testkit.ExternalTool;
import io.streaminglab.testkit.PeerProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped {@code configs/nginx-origin.conf} in a real nginx, side by side with
 * {@link OriginServer} on the same files: both must give players the same headers.
 *
 * <p>nginx runs in the foreground as one process with every path in a temporary directory; the
 * shipped file is included as the stock nginx:alpine image includes it (inside {@code http},
 * after {@code mime.types}), with its {@code listen 80} and its root rewritten.
 */
class NginxOriginConfigTest {
  private static final String SHIPPED_ROOT = "/usr/share/nginx/html";

  /** Headers a player or cache reads from a file's answer (nginx omits Accept-Ranges on 206). */
  private static final String[] FILE_HEADERS = {"content-type", "cache-control",
      "access-control-allow-origin", "access-control-expose-headers", "content-length",
      "content-range"};

  @TempDir
  Path temp;

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private PeerProcess nginx;
  private OriginServer origin;
  private int nginxPort;

  @BeforeEach
  void startNginxAndOrigin() throws Exception {
    String binary = ExternalTool.NGINX.require();
    Path www = temp.resolve("www");
    Path hls = Files.createDirectories(www.resolve("hls"));
    Files.writeString(hls.resolve("index.m3u8"), OriginServerTest.PLAYLIST);
    Files.write(hls.resolve("seg-12.ts"), OriginServerTest.pattern(188 * 50));
    Files.writeString(hls.resolve(".index.m3u8.tmp"), "half-written");
    Files.createSymbolicLink(hls.resolve("passwd.ts"), Path.of("/etc/passwd"));

    nginxPort = freeLoopbackPort();
    Path included = temp.resolve("nginx-origin.conf");
    Files.writeString(included, localise(Files.readString(shippedConfig()), nginxPort, www));
    Path wrapper = temp.resolve("nginx.conf");
    Files.writeString(wrapper, wrapperConfig(included));
    nginx = PeerProcess.start(List.of(binary, "-p", temp + "/", "-c", wrapper.toString()));
    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() -> {
      assertThat(nginx.isAlive()).as("nginx exited: %s", nginx.output()).isTrue();
      return accepts(nginxPort);
    });

    origin = new OriginServer(OriginConfig.of(hls).withPort(0),
        new OriginMetrics(new PrometheusRegistry(), "primary")).start();
  }

  @AfterEach
  void stop() {
    if (origin != null) {
      origin.close();
    }
    if (nginx != null) {
      nginx.close();
    }
    try {
      // spares JUnit's warning about links out of the temporary directory
      Files.deleteIfExists(temp.resolve("www/hls/passwd.ts"));
    } catch (IOException ignored) {
      // JUnit removes it anyway
    }
  }

  @Test
  void servesThePlaylistWithTheSameHeaders() throws Exception {
    Answers answers = assertSameAnswer(get("/hls/index.m3u8"), FILE_HEADERS);

    assertThat(answers.nginx().statusCode()).isEqualTo(200);
    assertThat(answers.nginx().headers().firstValue("content-type"))
        .contains("application/vnd.apple.mpegurl");
    assertThat(answers.nginx().headers().firstValue("cache-control")).contains("no-cache");
    assertThat(answers.origin().headers().firstValue("accept-ranges")).contains("bytes");
    assertThat(answers.nginx().headers().firstValue("accept-ranges")).contains("bytes");
  }

  @Test
  void servesSegmentsWithTheSameHeaders() throws Exception {
    Answers answers = assertSameAnswer(get("/hls/seg-12.ts"), FILE_HEADERS);

    assertThat(answers.nginx().statusCode()).isEqualTo(200);
    assertThat(answers.nginx().headers().firstValue("content-type")).contains("video/mp2t");
    assertThat(answers.nginx().headers().firstValue("cache-control"))
        .contains("public, max-age=31536000, immutable");
    assertThat(answers.nginx().headers().firstValue("access-control-allow-origin"))
        .contains("*");
  }

  @Test
  void answersRangesAlike() throws Exception {
    Answers range = assertSameAnswer(get("/hls/seg-12.ts").header("Range", "bytes=100-299"),
        FILE_HEADERS);
    Answers suffix = assertSameAnswer(get("/hls/seg-12.ts").header("Range", "bytes=-50"),
        FILE_HEADERS);

    assertThat(range.nginx().statusCode()).isEqualTo(206);
    assertThat(suffix.nginx().statusCode()).isEqualTo(206);
  }

  @Test
  void answersTheCorsPreflightAlike() throws Exception {
    HttpRequest.Builder preflight = get("/hls/seg-12.ts")
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "https://player.example")
        .header("Access-Control-Request-Method", "GET")
        .header("Access-Control-Request-Headers", "range");

    Answers answers = assertSameAnswer(preflight, "access-control-allow-origin",
        "access-control-allow-methods", "access-control-allow-headers", "access-control-max-age",
        "allow");

    assertThat(answers.nginx().statusCode()).isEqualTo(204);
    assertThat(answers.nginx().headers().firstValue("access-control-allow-methods"))
        .contains("GET, HEAD, OPTIONS");
  }

  @Test
  void bothRevalidateWithTheirOwnEtag() throws Exception {
    for (int port : new int[] {nginxPort, origin.port()}) {
      HttpResponse<byte[]> first = send(get("/hls/index.m3u8"), port);
      String etag = first.headers().firstValue("etag").orElseThrow();

      HttpResponse<byte[]> again = send(get("/hls/index.m3u8").header("If-None-Match", etag),
          port);

      assertThat(first.headers().firstValue("last-modified")).isPresent();
      assertThat(again.statusCode()).isEqualTo(304);
      assertThat(again.headers().firstValue("cache-control")).contains("no-cache");
    }
  }

  @Test
  void bothLetPlayersReadA404WithoutCachingIt() throws Exception {
    Answers answers = assertSameAnswer(get("/hls/seg-99.ts"), "access-control-allow-origin");

    assertThat(answers.nginx().statusCode()).isEqualTo(404);
    assertThat(answers.nginx().headers().firstValue("cache-control")).isEmpty();
    assertThat(answers.origin().headers().firstValue("cache-control")).isEmpty();
  }

  @Test
  void neitherFollowsALinkOutOfTheDirectoryNorServesHiddenFiles() throws Exception {
    for (int port : new int[] {nginxPort, origin.port()}) {
      HttpResponse<byte[]> passwd = send(get("/hls/passwd.ts"), port);
      HttpResponse<byte[]> hidden = send(get("/hls/.index.m3u8.tmp"), port);

      assertThat(passwd.statusCode()).as("port %d", port).isIn(400, 403, 404);
      assertThat(new String(passwd.body())).doesNotContain("root:");
      assertThat(hidden.statusCode()).as("port %d", port).isIn(400, 404);
    }
  }

  /** Sends {@code request} to both servers and compares status, body and {@code headers}. */
  private Answers assertSameAnswer(HttpRequest.Builder request, String... headers)
      throws Exception {
    HttpResponse<byte[]> fromNginx = send(request, nginxPort);
    HttpResponse<byte[]> fromOrigin = send(request, origin.port());

    assertThat(fromOrigin.statusCode()).isEqualTo(fromNginx.statusCode());
    if (fromNginx.statusCode() < 300) {
      assertThat(fromOrigin.body()).isEqualTo(fromNginx.body());
    }
    for (String name : headers) {
      assertThat(fromOrigin.headers().allValues(name)).as(name)
          .isEqualTo(fromNginx.headers().allValues(name));
    }
    return new Answers(fromNginx, fromOrigin);
  }

  private record Answers(HttpResponse<byte[]> nginx, HttpResponse<byte[]> origin) {}

  private HttpResponse<byte[]> send(HttpRequest.Builder request, int port) throws Exception {
    HttpRequest template = request.build();
    URI uri = template.uri();
    HttpRequest.Builder copy = HttpRequest.newBuilder(template, (name, value) -> true)
        .uri(new URI("http", null, "127.0.0.1", port, uri.getRawPath(), null, null));
    return client.send(copy.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static HttpRequest.Builder get(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1" + path))
        .timeout(Duration.ofSeconds(10));
  }

  /** The shipped file with its port and root moved into this test's sandbox. */
  static String localise(String shipped, int port, Path root) {
    Matcher listen = Pattern.compile("(?m)^(\\s*)listen\\s+80\\s*;").matcher(shipped);
    assertThat(listen.find()).as("the shipped config listens on 80").isTrue();
    String rewritten = listen.replaceAll("$1listen 127.0.0.1:" + port + ";");
    assertThat(rewritten).as("the shipped config serves " + SHIPPED_ROOT)
        .contains("root " + SHIPPED_ROOT + ";");
    return rewritten.replace("root " + SHIPPED_ROOT + ";", "root " + root + ";");
  }

  /** What the nginx:alpine image's own nginx.conf provides around conf.d, in the sandbox. */
  private String wrapperConfig(Path included) {
    Path mimeTypes = Path.of("/etc/nginx/mime.types");
    return String.join("\n",
        "daemon off;",
        "master_process off;",
        "worker_processes 1;",
        "pid " + temp.resolve("nginx.pid") + ";",
        "error_log " + temp.resolve("error.log") + " warn;",
        "events { worker_connections 64; }",
        "http {",
        Files.isReadable(mimeTypes) ? "  include " + mimeTypes + ";" : "",
        "  default_type application/octet-stream;",
        "  access_log " + temp.resolve("access.log") + ";",
        "  client_body_temp_path " + temp.resolve("client_body") + ";",
        "  proxy_temp_path " + temp.resolve("proxy") + ";",
        "  fastcgi_temp_path " + temp.resolve("fastcgi") + ";",
        "  uwsgi_temp_path " + temp.resolve("uwsgi") + ";",
        "  scgi_temp_path " + temp.resolve("scgi") + ";",
        "  include " + included + ";",
        "}",
        "");
  }

  private static Path shippedConfig() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("configs/nginx-origin.conf");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError("configs/nginx-origin.conf not found above "
        + Path.of("").toAbsolutePath());
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static boolean accepts(int port) {
    try {
      new Socket(InetAddress.getLoopbackAddress(), port).close();
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
