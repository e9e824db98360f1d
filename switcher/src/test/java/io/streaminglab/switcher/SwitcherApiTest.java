package io.streaminglab.switcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.streaminglab.httpclient.HttpFetcher;
import io.streaminglab.httpclient.HttpFetcherConfig;
import io.streaminglab.httpclient.HttpResult;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The switcher's HTTP surface against two origins that serve a fixed live window. */
class SwitcherApiTest {
  private static final String TOKEN = "0123456789abcdef0123456789abcdef";

  @TempDir
  Path dir;

  private FaultyOrigin primary;
  private FaultyOrigin backup;
  private Switcher switcher;
  private SwitcherServer server;
  private final HttpFetcher http = new HttpFetcher(HttpFetcherConfig.defaults());
  private final RecordingComponents components = new RecordingComponents();

  /** Two components that only remember whether they run: enough to test the routes. */
  private static final class RecordingComponents implements ComponentControl {
    private final Map<String, Boolean> running = new java.util.LinkedHashMap<>(
        Map.of("origin-primary", true));

    @Override
    public synchronized List<ComponentStatus> components() {
      return running.entrySet().stream()
          .map(e -> new ComponentStatus(e.getKey(), e.getValue(), "test")).toList();
    }

    @Override
    public synchronized ComponentStatus stop(String name) {
      return set(name, false);
    }

    @Override
    public synchronized ComponentStatus start(String name) {
      return set(name, true);
    }

    private ComponentStatus set(String name, boolean value) {
      if (!running.containsKey(name)) {
        throw new UnknownComponentException(name, List.copyOf(running.keySet()));
      }
      running.put(name, value);
      return new ComponentStatus(name, value, "test");
    }
  }

  @BeforeEach
  void start() throws Exception {
    primary = new FaultyOrigin(origin("primary")).start();
    backup = new FaultyOrigin(origin("backup")).start();
    SwitcherConfig config = SwitcherConfig.of(URI.create(primary.baseUrl()),
        URI.create(backup.baseUrl()), TOKEN).withPort(0)
        .withChecks(Duration.ofMillis(200), null, 2);
    PrometheusRegistry registry = new PrometheusRegistry();
    switcher = new Switcher(config, registry, Clock.systemUTC()).start();
    server = new SwitcherServer(switcher, registry, components).start();
    await().atMost(Duration.ofSeconds(20)).until(() -> switcher.view().playlist() != null);
  }

  /** A window of three 2 s segments of sync-byte packets, dated now. */
  private Path origin(String name) throws Exception {
    Path origin = Files.createDirectories(dir.resolve(name));
    StringBuilder playlist = new StringBuilder(
        "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:10\n");
    Instant now = Instant.now();
    for (int n = 10; n < 13; n++) {
      byte[] segment = new byte[188 * 10];
      for (int i = 0; i < segment.length; i += 188) {
        segment[i] = 0x47;
      }
      Files.write(origin.resolve("seg-" + n + ".ts"), segment);
      playlist.append("#EXT-X-PROGRAM-DATE-TIME:").append(now.plusSeconds(2L * (n - 13)))
          .append("\n#EXTINF:2.000,\nseg-").append(n).append(".ts\n");
    }
    Files.writeString(origin.resolve("index.m3u8"), playlist);
    return origin;
  }

  @AfterEach
  void stop() {
    http.close();
    server.close();
    switcher.close();
    primary.close();
    backup.close();
  }

  @Test
  void playersGetThePlaylistAndItsSegmentsWithTheRightHeaders() throws Exception {
    HttpResult playlist = get("/hls/index.m3u8", Map.of());
    assertThat(playlist.status()).isEqualTo(200);
    assertThat(playlist.header("Content-Type")).isEqualTo("application/vnd.apple.mpegurl");
    assertThat(playlist.header("Cache-Control")).isEqualTo("no-cache");
    assertThat(playlist.header("Access-Control-Allow-Origin")).isEqualTo("*");
    assertThat(text(playlist)).contains("#EXT-X-MEDIA-SEQUENCE:10").contains("seg-12.ts")
        .contains("#EXT-X-PROGRAM-DATE-TIME:");

    HttpResult segment = get("/hls/seg-12.ts", Map.of());
    assertThat(segment.status()).isEqualTo(200);
    assertThat(segment.header("Content-Type")).isEqualTo("video/mp2t");
    assertThat(segment.body()).hasSize(1880);
    assertThat(segment.header("X-Origin")).isEqualTo("primary");
    assertThat(segment.header("Access-Control-Expose-Headers")).isEqualTo("X-Origin");
    assertThat(get("/hls/seg-99.ts", Map.of()).status()).isEqualTo(404);
  }

  @Test
  void healthzSaysWhichOriginIsActiveAndHowEachOneIs() throws Exception {
    String health = text(get("/healthz", Map.of()));

    assertThat(health).contains("\"active\" : \"primary\"").contains("\"origins\"")
        .contains("\"segmentAgeSeconds\"").contains("\"latencyMs\"").contains("\"failovers\"")
        .contains("\"lastSwitch\"");
  }

  @Test
  void metricsCarryTheSeedLabsNamesExactly() throws Exception {
    get("/hls/index.m3u8", Map.of());
    String metrics = text(get("/metrics", Map.of()));

    assertThat(metrics).contains("switcher_active_origin{switcher=\"switcher\"} 1.0")
        .contains("segment_age_seconds{origin=\"primary\",switcher=\"switcher\"}")
        .contains("origin_http_5xx_total{origin=\"backup\",switcher=\"switcher\"} 0.0")
        .contains("failovers_total{switcher=\"switcher\"} 0.0")
        .contains("switchbacks_total{switcher=\"switcher\"} 0.0")
        .contains("switcher_info{switcher=\"switcher\"} 1.0")
        .contains("switcher_request_duration_seconds_bucket")
        .contains("switcher_cache_hits_total").contains("switcher_poll_duration_seconds");
  }

  @Test
  void theAdminApiRefusesRequestsWithoutTheToken() throws Exception {
    assertThat(post("/admin/force?origin=backup", Map.of()).status()).isEqualTo(401);
    assertThat(post("/admin/force?origin=backup",
        Map.of("Authorization", "Bearer wrong-token-wrong-token")).status()).isEqualTo(401);
    assertThat(switcher.view().active()).isEqualTo(Origin.PRIMARY);
  }

  @Test
  void theAdminApiForcesPinsAndReleases() throws Exception {
    Map<String, String> auth = Map.of("Authorization", "Bearer " + TOKEN);

    assertThat(text(post("/admin/force?origin=backup", auth))).contains("\"active\" : \"backup\"")
        .contains("forced by an operator");
    assertThat(text(post("/admin/pin?origin=primary", auth))).contains("\"pinned\" : \"primary\"");
    assertThat(text(post("/admin/release", auth))).contains("\"pinned\" : null");
    assertThat(post("/admin/force", auth).status()).isEqualTo(400);
    assertThat(get("/admin/state?token=" + TOKEN, Map.of()).status()).isEqualTo(200);
    assertThat(switcher.view().failovers()).isEqualTo(1);
    assertThat(switcher.view().switchbacks()).isEqualTo(1);
  }

  @Test
  void theAdminApiListsStopsAndStartsComponents() throws Exception {
    Map<String, String> auth = Map.of("Authorization", "Bearer " + TOKEN);

    assertThat(text(get("/admin/components", auth)))
        .isEqualTo("{\"components\":[{\"name\":\"origin-primary\",\"running\":true,"
            + "\"detail\":\"test\"}]}");
    assertThat(text(post("/admin/components/origin-primary/stop", auth)))
        .contains("\"running\":false");
    assertThat(components.components().get(0).running()).isFalse();
    assertThat(text(post("/admin/components/origin-primary/restart", auth)))
        .contains("\"running\":true");

    HttpResult unknown = post("/admin/components/origin-third/stop", auth);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(text(unknown)).contains("use one of origin-primary");
    assertThat(post("/admin/components/origin-primary/explode", auth).status()).isEqualTo(404);
    assertThat(get("/admin/components/origin-primary/stop", auth).status()).isEqualTo(405);
    assertThat(post("/admin/components/origin-primary/stop", Map.of()).status())
        .isEqualTo(401);
  }

  @Test
  void theStatusApiShowsTheViewHistoryAndTimelineWithoutTheToken() throws Exception {
    Map<String, String> auth = Map.of("Authorization", "Bearer " + TOKEN);
    post("/admin/force?origin=backup", auth);

    HttpResult status = get("/api/status", Map.of());
    assertThat(status.status()).isEqualTo(200);
    assertThat(status.header("Content-Type")).isEqualTo("application/json");
    assertThat(status.header("Cache-Control")).isEqualTo("no-store");
    JsonNode root = new ObjectMapper().readTree(status.body());
    assertThat(root.get("active").asText()).isEqualTo("backup");
    assertThat(root.get("origins").get("backup").get("state").asText()).isEqualTo("active");
    assertThat(root.get("switches").get(0).get("kind").asText()).isEqualTo("failover");
    assertThat(root.get("switches").get(0).get("reason").asText())
        .isEqualTo("forced by an operator");
    assertThat(root.get("history").get("t").size()).isPositive();
    assertThat(root.get("components").get(0).get("name").asText()).isEqualTo("origin-primary");

    long last = root.get("history").get("t").get(root.get("history").get("t").size() - 1)
        .asLong();
    JsonNode later = new ObjectMapper().readTree(get("/api/status?since=" + last, Map.of())
        .body());
    assertThat(later.get("history").get("t")).allSatisfy(t -> assertThat(t.asLong())
        .isGreaterThan(last));
    assertThat(get("/api/status?since=yesterday", Map.of()).status()).isEqualTo(400);
  }

  @Test
  void requestsThatCannotBeReadGetTheirStatusAndReasonAndTheServerGoesOn() throws Exception {
    assertThat(raw("GET /hls/" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n"))
        .startsWith("HTTP/1.1 414 ").contains("The request could not be read");
    assertThat(raw("GET /hls/seg-1.ts HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(9000)
        + "\r\n\r\n")).startsWith("HTTP/1.1 431 ");
    assertThat(raw("GET /hls/%zz.ts HTTP/1.1\r\nHost: x\r\n\r\n"))
        .startsWith("HTTP/1.1 400 ").contains("not valid percent-encoding");
    assertThat(raw("\u0001\u0002 nonsense\r\n\r\n")).startsWith("HTTP/1.1 400 ");

    assertThat(get("/healthz", Map.of()).status()).isIn(200, 503);
  }

  /** What the switcher answers to {@code request} sent as is, up to its closing the connection. */
  private String raw(String request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  private HttpResult get(String path, Map<String, String> headers) throws Exception {
    return http.get(URI.create("http://127.0.0.1:" + server.port() + path), headers).get();
  }

  private HttpResult post(String path, Map<String, String> headers) throws Exception {
    return http.post(URI.create("http://127.0.0.1:" + server.port() + path), headers).get();
  }

  private static String text(HttpResult result) {
    return new String(result.body(), StandardCharsets.UTF_8);
  }

}
