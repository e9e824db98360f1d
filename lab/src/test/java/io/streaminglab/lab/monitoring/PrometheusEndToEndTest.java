package io.streaminglab.lab.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streaminglab.hls.MediaPlaylist;
import io.streaminglab.hls.PlaylistParser;
import io.streaminglab.httpclient.HttpFetcher;
import io.streaminglab.httpclient.HttpFetcherConfig;
import io.streaminglab.httpclient.HttpResult;
import io.streaminglab.lab.Lab;
import io.streaminglab.lab.LabSettings;
import io.streaminglab.testkit.ExternalTool;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab of {@code up}, with its built-in publisher, and a real Prometheus scraping it through
 * {@link PrometheusProcess} with the shipped alert rules, checked through Prometheus' HTTP API
 * as Grafana would read it: every metric the dashboard and the rules name has data, every rule
 * evaluates; then the faults: origin-primary stopped raises {@code failovers_total} and Origin
 * Down, a burst of forced failovers the seed's burst alert.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrometheusEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final String FAILOVER_BURST = "Failover Burst (>=2 in 5m)";
  private static final String ORIGIN_DOWN = "Origin Down";

  @TempDir
  static Path dir;

  private final HttpFetcher http = new HttpFetcher(HttpFetcherConfig.defaults());
  private final ObjectMapper json = new ObjectMapper();
  private Lab lab;
  private PrometheusProcess prometheus;

  @BeforeAll
  void startLabPublisherAndPrometheus() throws Exception {
    ExternalTool.PROMETHEUS.require();
    lab = Lab.start(LabSettings.ephemeral(dir).withPublisher(true));
    // Scrapes and evaluations every second, so that `for:` and rate() windows pass quickly.
    prometheus = PrometheusProcess.start(PrometheusSettings.forLab("127.0.0.1", freePort(),
        lab.httpPort(), dir).withIntervals(Duration.ofSeconds(1), Duration.ofSeconds(1)));
    // A player through the switcher, so that its request and cache metrics have data.
    await().atMost(WAIT).ignoreExceptions().until(() -> switcherPlaylist().segments().size() >= 3);
    MediaPlaylist playlist = switcherPlaylist();
    String segment = playlist.segments().get(playlist.segments().size() - 1).uri();
    assertThat(get(lab("/hls/" + segment)).status()).isEqualTo(200);
  }

  @AfterAll
  void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
    if (lab != null) {
      lab.close();
    }
    http.close();
  }

  @Test
  @Order(1)
  void prometheusScrapesTheLabAsTheSwitcherJob() {
    await().atMost(WAIT).untilAsserted(() -> {
      JsonNode targets = api("/api/v1/targets").path("activeTargets");
      Map<String, String> health = new LinkedHashMap<>();
      targets.forEach(t -> health.put(t.path("labels").path("job").asText(),
          t.path("health").asText() + " " + t.path("lastError").asText()));
      assertThat(health).containsEntry(PrometheusFiles.JOB, "up ");
    });
  }

  @Test
  @Order(2)
  void everyMetricTheDashboardAndTheRulesUseHasData() {
    Set<String> names = MonitoringFiles.metricNames();
    assertThat(names).as("names parsed from the dashboard and the rules")
        .contains("switcher_active_origin", "segment_age_seconds", "failovers_total",
            "ingest_publishers", "switcher_origin_up", "up")
        .hasSizeGreaterThan(15);

    await().atMost(WAIT).untilAsserted(() -> {
      Set<String> withData = new HashSet<>();
      for (JsonNode series : query("group by (__name__) ({__name__=~\""
          + String.join("|", names) + "\"})")) {
        withData.add(series.path("metric").path("__name__").asText());
      }
      Set<String> missing = new TreeSet<>(names);
      missing.removeAll(withData);
      assertThat(missing).as("metrics without data in Prometheus").isEmpty();
    });
  }

  @Test
  @Order(3)
  void everyDashboardQueryReturnsSeries() {
    await().atMost(WAIT).untilAsserted(() -> {
      Set<String> empty = new TreeSet<>();
      for (String expression : MonitoringFiles.dashboardExpressions()) {
        if (query(expression).isEmpty()) {
          empty.add(expression);
        }
      }
      assertThat(empty).as("dashboard queries without a result").isEmpty();
    });
  }

  @Test
  @Order(4)
  void everyRuleIsLoadedAndEvaluatesWithoutError() {
    await().atMost(WAIT).untilAsserted(() -> {
      Map<String, String> health = new LinkedHashMap<>();
      for (JsonNode group : api("/api/v1/rules").path("groups")) {
        for (JsonNode rule : group.path("rules")) {
          health.put(rule.path("name").asText(),
              rule.path("health").asText() + " " + rule.path("lastError").asText(""));
        }
      }
      assertThat(health).containsOnlyKeys(MonitoringFiles.alertRules().keySet());
      assertThat(health).allSatisfy((name, state) -> assertThat(state).as(name)
          .isEqualTo("ok "));
    });
  }

  @Test
  @Order(10)
  void stoppingOriginPrimaryRaisesFailoversTotalAndOriginDown() throws Exception {
    double before = failoversInPrometheus();

    admin("/admin/components/origin-primary/stop");
    try {
      await().atMost(WAIT).untilAsserted(() ->
          assertThat(value(query(FAILOVERS))).isGreaterThanOrEqualTo(before + 1));
      await().atMost(WAIT).untilAsserted(() -> assertThat(alerts())
          .hasEntrySatisfying(ORIGIN_DOWN + " primary",
              state -> assertThat(state).isIn("pending", "firing")));
    } finally {
      admin("/admin/components/origin-primary/start");
    }
    await().atMost(WAIT).untilAsserted(() -> assertThat(value(query(
        "switcher_origin_up{origin=\"primary\",switcher=\"switcher-primary\"}")))
        .isEqualTo(1.0));
  }

  @Test
  @Order(11)
  void twoForcedFailoversRaiseFailoversTotalAndTheBurstAlert() throws Exception {
    double before = failoversInPrometheus();

    // From whichever origin is active: at least two switches to the backup.
    admin("/admin/force?origin=primary");
    admin("/admin/force?origin=backup");
    admin("/admin/force?origin=primary");
    admin("/admin/force?origin=backup");

    await().atMost(WAIT).untilAsserted(() ->
        assertThat(value(query(FAILOVERS))).isGreaterThanOrEqualTo(before + 2));
    await().atMost(WAIT).untilAsserted(() -> assertThat(alerts())
        .hasEntrySatisfying(FAILOVER_BURST, state -> assertThat(state).isIn("pending", "firing")));
  }

  /**
   * failovers_total as Prometheus last scraped it. Waiting for it first matters: a series that
   * Prometheus first sees after the failovers shows no increase.
   */
  private double failoversInPrometheus() {
    return await().atMost(WAIT).ignoreExceptions()
        .until(() -> value(query(FAILOVERS)), v -> !Double.isNaN(v));
  }

  /** The failovers of the switcher the admin API forces: each switcher counts its own. */
  private static final String FAILOVERS = "failovers_total{switcher=\"switcher-primary\"}";

  /** Active alerts by name (and origin, when they have one) with their state. */
  private Map<String, String> alerts() throws Exception {
    Map<String, String> alerts = new LinkedHashMap<>();
    for (JsonNode alert : api("/api/v1/alerts").path("alerts")) {
      JsonNode labels = alert.path("labels");
      String key = labels.path("alertname").asText()
          + (labels.has("origin") ? " " + labels.path("origin").asText() : "");
      alerts.put(key, alert.path("state").asText());
    }
    return alerts;
  }

  private void admin(String pathAndQuery) throws Exception {
    HttpResult answer = http.post(lab(pathAndQuery),
        Map.of("Authorization", "Bearer " + lab.settings().switcher().adminToken()))
        .get(30, TimeUnit.SECONDS);
    assertThat(answer.status()).as(new String(answer.body(), StandardCharsets.UTF_8))
        .isEqualTo(200);
  }

  private MediaPlaylist switcherPlaylist() throws Exception {
    HttpResult answer = get(lab("/hls/index.m3u8"));
    assertThat(answer.status()).isEqualTo(200);
    return PlaylistParser.parse(new String(answer.body(), StandardCharsets.UTF_8));
  }

  /** The result of an instant query: one node per series. */
  private JsonNode query(String expression) throws Exception {
    return api("/api/v1/query?query=" + URLEncoder.encode(expression, StandardCharsets.UTF_8))
        .path("result");
  }

  /** The single value of a query's result, or NaN when it has none. */
  private static double value(JsonNode result) {
    return result.size() == 1 ? Double.parseDouble(result.get(0).path("value").get(1).asText())
        : Double.NaN;
  }

  private JsonNode api(String pathAndQuery) throws Exception {
    HttpResult answer = get(URI.create(prometheus.url() + pathAndQuery));
    JsonNode body = json.readTree(answer.body());
    assertThat(body.path("status").asText()).as(body.toString()).isEqualTo("success");
    return body.path("data");
  }

  private HttpResult get(URI uri) throws Exception {
    return http.get(uri, Map.of()).get(10, TimeUnit.SECONDS);
  }

  private URI lab(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + lab.httpPort() + pathAndQuery);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
