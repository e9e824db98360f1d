package io.streaminglab.switcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.streaminglab.hls.MultivariantParser;
import io.streaminglab.hls.MultivariantPlaylist;
import io.streaminglab.httpclient.HttpFetcher;
import io.streaminglab.httpclient.HttpFetcherConfig;
import io.streaminglab.httpclient.HttpResult;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two switchers of one chain in one process, in front of the same two origins: the same media
 * playlist byte for byte, a multivariant playlist naming both, a steering manifest that moves
 * players off a switcher that is down, CORS everywhere under /hls/, metrics that say which
 * switcher is which.
 */
class TwoSwitchersTest {
  private static final String TOKEN = "0123456789abcdef0123456789abcdef";
  private static final String LIVE = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n"
      + "#EXT-X-STREAM-INF:BANDWIDTH=901234,AVERAGE-BANDWIDTH=800000,RESOLUTION=640x360,"
      + "CODECS=\"avc1.64001e,mp4a.40.2\",FRAME-RATE=25.000\nindex.m3u8\n";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private final HttpFetcher http = new HttpFetcher(HttpFetcherConfig.defaults()
      .withResponseTimeout(Duration.ofSeconds(5)));
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final SwitcherMetricFamilies families = new SwitcherMetricFamilies(registry);
  private FaultyOrigin primary;
  private FaultyOrigin backup;
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final Map<String, Switcher> switchers = new LinkedHashMap<>();
  private final Map<String, SwitcherServer> servers = new LinkedHashMap<>();

  @BeforeEach
  void start() throws Exception {
    primary = new FaultyOrigin(origin("primary", true)).start();
    backup = new FaultyOrigin(origin("backup", false)).start();
    ports.put("switcher-primary", freePort());
    ports.put("switcher-backup", freePort());
    startSwitcher("switcher-primary");
  }

  private void startSwitcher(String name) throws Exception {
    Map<String, URI> pathways = new LinkedHashMap<>();
    ports.forEach((id, port) -> pathways.put(id, URI.create("http://127.0.0.1:" + port)));
    SwitcherConfig config = SwitcherConfig.of(URI.create(primary.baseUrl()),
        URI.create(backup.baseUrl()), TOKEN).withPort(ports.get(name))
        .withChecks(Duration.ofMillis(200), null, 2).withName(name).withPathways(pathways);
    Switcher switcher = new Switcher(config, families, Clock.systemUTC()).start();
    switchers.put(name, switcher);
    servers.put(name, new SwitcherServer(switcher, registry, ComponentControl.NONE).start());
    await().atMost(Duration.ofSeconds(20)).until(() -> switcher.view().playlist() != null);
  }

  private void stopSwitcher(String name) {
    servers.remove(name).close();
    switchers.remove(name).close();
  }

  @AfterEach
  void stop() {
    http.close();
    List.copyOf(servers.keySet()).forEach(this::stopSwitcher);
    primary.close();
    backup.close();
  }

  @Test
  void aSwitcherStartedLaterServesTheSamePlaylistAndSegmentsByteForByte() throws Exception {
    startSwitcher("switcher-backup");

    String first = text(get("switcher-primary", "/hls/index.m3u8"));
    assertThat(text(get("switcher-backup", "/hls/index.m3u8"))).isEqualTo(first);
    assertThat(get("switcher-backup", "/hls/seg-12.ts").body())
        .isEqualTo(get("switcher-primary", "/hls/seg-12.ts").body());
  }

  @Test
  void theMultivariantPlaylistListsTheStreamOncePerSwitcherWithTheOriginsDescription()
      throws Exception {
    startSwitcher("switcher-backup");
    await().atMost(Duration.ofSeconds(20)).until(() -> text(get("switcher-backup",
        "/hls/live.m3u8")).contains("CODECS"));

    String fromPrimary = text(get("switcher-primary", "/hls/live.m3u8"));
    String fromBackup = text(get("switcher-backup", "/hls/live.m3u8"));
    MultivariantPlaylist live = MultivariantParser.parse(fromPrimary);
    assertThat(live.steering().serverUri()).isEqualTo("/hls/steering.json");
    assertThat(live.steering().pathwayId()).isEqualTo("switcher-primary");
    assertThat(live.variants()).extracting(v -> v.pathwayId() + " " + v.uri()).containsExactly(
        "switcher-primary http://127.0.0.1:" + ports.get("switcher-primary") + "/hls/index.m3u8",
        "switcher-backup http://127.0.0.1:" + ports.get("switcher-backup") + "/hls/index.m3u8");
    assertThat(live.variants()).allSatisfy(v -> {
      assertThat(v.bandwidth()).isEqualTo(901234);
      assertThat(v.averageBandwidth()).isEqualTo(800000);
      assertThat(v.resolution()).isEqualTo("640x360");
      assertThat(v.codecs()).isEqualTo("avc1.64001e,mp4a.40.2");
    });
    // The same text but for the pathway each switcher starts its players on.
    String steering = "#EXT-X-CONTENT-STEERING:SERVER-URI=\"/hls/steering.json\",PATHWAY-ID=";
    assertThat(fromBackup.replace(steering + "\"switcher-backup\"",
        steering + "\"switcher-primary\"")).isEqualTo(fromPrimary);
  }

  @Test
  void theSteeringManifestPutsASwitcherThatIsDownLastAndBringsItBack() throws Exception {
    startSwitcher("switcher-backup");
    assertThat(priority("switcher-backup")).containsExactly("switcher-primary",
        "switcher-backup");

    stopSwitcher("switcher-primary");
    await().atMost(Duration.ofSeconds(10)).until(() -> priority("switcher-backup")
        .equals(List.of("switcher-backup", "switcher-primary")));
    assertThat(metrics()).contains(
        "switcher_peer_up{pathway=\"switcher-primary\",switcher=\"switcher-backup\"} 0.0");

    startSwitcher("switcher-primary");
    await().atMost(Duration.ofSeconds(10)).until(() -> priority("switcher-backup")
        .equals(List.of("switcher-primary", "switcher-backup")));
    JsonNode manifest = JSON.readTree(get("switcher-primary", "/hls/steering.json").body());
    assertThat(manifest.path("VERSION").asInt()).isEqualTo(1);
    assertThat(manifest.path("TTL").asInt()).isEqualTo(SteeringManifest.TTL_SECONDS);
  }

  @Test
  void aSteeringRequestThatNoPlayerWouldSendIsRefusedWithTheReason() throws Exception {
    assertThat(get("switcher-primary", "/hls/steering.json?_HLS_pathway=switcher-backup"
        + "&_HLS_throughput=5000000&cdn=ours").status()).isEqualTo(200);
    // hls.js truncates its estimate to 32 bits: on a fast network it comes negative.
    assertThat(get("switcher-primary", "/hls/steering.json?_HLS_throughput=-1294967296")
        .status()).isEqualTo(200);
    Map<String, String> refused = Map.of(
        "?_HLS_pathway=nowhere", "none of this chain's pathways",
        "?_HLS_throughput=fast", "not a number",
        "?_HLS_throughput=1e9", "not a number",
        "?_HLS_pathway=switcher-backup&_HLS_pathway=switcher-primary", "give it once",
        "?_HLS_evil=1", "not one this switcher knows",
        "?x=" + "a".repeat(1100), "longer than 1024");
    for (Map.Entry<String, String> query : refused.entrySet()) {
      HttpResult answer = get("switcher-primary", "/hls/steering.json" + query.getKey());
      assertThat(answer.status()).as(query.getKey()).isEqualTo(400);
      assertThat(text(answer)).as(query.getKey()).contains(query.getValue());
      assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo("*");
    }
    // A broken escape, which no URI class would send: written on the socket by hand.
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1",
        ports.get("switcher-primary"))) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(("GET /hls/steering.json?_HLS_pathway=%zz HTTP/1.1\r\n"
          + "Host: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(),
          StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 400").contains("not URL-encoded");
    }
    // The switcher is unaffected.
    assertThat(get("switcher-primary", "/hls/index.m3u8").status()).isEqualTo(200);
  }

  @Test
  void everyHlsAnswerCarriesCorsHeadersAndHealthAndMetricsNameTheSwitcher() throws Exception {
    startSwitcher("switcher-backup");
    for (String path : List.of("/hls/index.m3u8", "/hls/live.m3u8", "/hls/steering.json",
        "/hls/seg-12.ts", "/hls/seg-99.ts", "/hls/nothing")) {
      assertThat(get("switcher-backup", path).header("Access-Control-Allow-Origin")).as(path)
          .isEqualTo("*");
    }
    JsonNode health = JSON.readTree(get("switcher-backup", "/healthz").body());
    assertThat(health.path("switcher").asText()).isEqualTo("switcher-backup");
    assertThat(health.path("pathways").path("switcher-backup").asText()).isEqualTo("self");
    assertThat(health.path("pathways").path("switcher-primary").asText()).isEqualTo("up");
    assertThat(metrics()).contains("switcher_info{switcher=\"switcher-primary\"} 1.0")
        .contains("switcher_info{switcher=\"switcher-backup\"} 1.0")
        .contains("failovers_total{switcher=\"switcher-backup\"} 0.0");
  }

  private List<String> priority(String switcher) throws Exception {
    JsonNode manifest = JSON.readTree(get(switcher, "/hls/steering.json").body());
    return JSON.convertValue(manifest.path("PATHWAY-PRIORITY"),
        JSON.getTypeFactory().constructCollectionType(List.class, String.class));
  }

  private String metrics() throws Exception {
    return text(get(servers.keySet().iterator().next(), "/metrics"));
  }

  private HttpResult get(String switcher, String path) throws Exception {
    return http.get(URI.create("http://127.0.0.1:" + ports.get(switcher) + path), Map.of())
        .get(10, TimeUnit.SECONDS);
  }

  private static String text(HttpResult result) {
    return new String(result.body(), StandardCharsets.UTF_8);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** A window of three 2 s segments dated now; the primary also describes the stream. */
  private Path origin(String name, boolean describes) throws Exception {
    Path origin = Files.createDirectories(dir.resolve(name));
    StringBuilder playlist = new StringBuilder(
        "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:10\n");
    Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    for (int n = 10; n < 13; n++) {
      byte[] segment = new byte[188 * 10];
      for (int i = 0; i < segment.length; i += 188) {
        segment[i] = 0x47;
        segment[i + 1] = (byte) n;
      }
      Files.write(origin.resolve("seg-" + n + ".ts"), segment);
      playlist.append("#EXT-X-PROGRAM-DATE-TIME:").append(now.plusSeconds(2L * (n - 13)))
          .append("\n#EXTINF:2.000,\nseg-").append(n).append(".ts\n");
    }
    Files.writeString(origin.resolve("index.m3u8"), playlist);
    if (describes) {
      Files.writeString(origin.resolve("live.m3u8"), LIVE);
    }
    return origin;
  }
}
