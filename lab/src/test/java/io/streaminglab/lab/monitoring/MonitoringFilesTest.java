package io.streaminglab.lab.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shipped monitoring files agree with each other: the rules the seed promised, Grafana's
 * copies of its two alerts, the dashboard's datasource and panels, the rules in the jar.
 */
class MonitoringFilesTest {
  private static final String SEGMENT_AGE = "Segment Age High (Primary)";
  private static final String FAILOVER_BURST = "Failover Burst (>=2 in 5m)";

  @Test
  void theRulesAreTheSeedsTwoAlertsAndThoseOfTheRedundantChain() {
    assertThat(MonitoringFiles.alertRules()).containsOnlyKeys(SEGMENT_AGE, FAILOVER_BURST,
        "Origin Down", "No Publisher on the Ingest", "Ingest Without Publisher",
        "Both Origins Unhealthy", "Origins Not Aligned", "Switcher Not Scraped",
        "Switcher Down");
  }

  @Test
  void everyRuleTellsAnOperatorWhatHappenedAndWhatToDo() {
    MonitoringFiles.alertRules().forEach((name, rule) -> {
      assertThat(rule.path("annotations").path("summary").asText()).as(name).isNotBlank();
      assertThat(rule.path("annotations").path("description").asText()).as(name)
          .hasSizeGreaterThan(100);
      assertThat(rule.path("labels").path("severity").asText()).as(name)
          .isIn("warning", "critical");
    });
  }

  @Test
  void onlyTheScrapeRulesLookAtTheJobLabelSoUpAndDockerShareTheRules() {
    List<String> scrapeRules = List.of("Switcher Not Scraped", "Switcher Down");
    MonitoringFiles.alertRules().forEach((name, rule) -> {
      if (!scrapeRules.contains(name)) {
        assertThat(rule.get("expr").asText()).as(name).doesNotContain("job");
      }
    });
    for (String name : scrapeRules) {
      assertThat(MonitoringFiles.alertRules().get(name).get("expr").asText()).as(name)
          .contains("job=\"" + PrometheusFiles.JOB + "\"");
    }
  }

  @Test
  void grafanaAlertsAreTheSeedsTwoRulesWithTheSameExpressionAndDuration() {
    Map<String, JsonNode> grafana = new HashMap<>();
    for (JsonNode group : MonitoringFiles.grafanaAlerts().path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        grafana.put(rule.get("title").asText(), rule);
      }
    }
    assertThat(grafana).containsOnlyKeys(SEGMENT_AGE, FAILOVER_BURST);
    grafana.forEach((title, rule) -> {
      JsonNode prometheusRule = MonitoringFiles.alertRules().get(title);
      Map<String, JsonNode> steps = new HashMap<>();
      rule.path("data").forEach(step -> steps.put(step.get("refId").asText(), step));
      String query = steps.get("A").path("model").path("expr").asText();
      assertThat(steps.get("A").path("datasourceUid").asText()).isEqualTo(datasourceUid());
      assertThat(steps.get("B").path("model").path("expression").asText()).isEqualTo("A");
      String condition = steps.get(rule.path("condition").asText()).path("model")
          .path("expression").asText();
      assertThat(condition).as(title).startsWith("$B ");
      assertThat(query + " " + condition.substring("$B ".length())).as(title)
          .isEqualTo(prometheusRule.get("expr").asText());
      assertThat(seconds(rule.path("for").asText("0s"))).as(title)
          .isEqualTo(seconds(prometheusRule.path("for").asText("0s")));
    });
  }

  @Test
  void everyPanelQueriesTheProvisionedDatasource() {
    JsonNode panels = MonitoringFiles.dashboard().path("panels");
    assertThat(panels.size()).isGreaterThanOrEqualTo(10);
    for (JsonNode panel : panels) {
      assertThat(panel.path("targets").size()).as(panel.path("title").asText()).isPositive();
      for (JsonNode target : panel.path("targets")) {
        assertThat(target.path("datasource").path("uid").asText()).isEqualTo(datasourceUid());
        assertThat(target.path("expr").asText()).isNotBlank();
      }
    }
  }

  @Test
  void theDashboardHasThePanelsTheIssueLists() {
    List<String> expressions = MonitoringFiles.dashboardExpressions();
    String all = String.join("\n", expressions);
    // active origin; segment age; 5xx and fallbacks; failovers and switchbacks; request rate
    // and latency quantiles; cache hit ratio; ingest bitrate and keyframe interval; packager
    // segment durations.
    assertThat(expressions).contains("switcher_active_origin", "segment_age_seconds",
        "ingest_keyframe_interval_seconds");
    assertThat(all).contains("origin_http_5xx_total", "switcher_segment_fallbacks_total",
        "failovers_total", "switchbacks_total", "rate(switcher_requests_total",
        "histogram_quantile(0.99, sum by (le, kind) (rate(switcher_request_duration_seconds_bucket",
        "switcher_cache_hits_total", "switcher_cache_misses_total",
        "rate(ingest_received_bytes_total", "packager_segment_duration_seconds");
  }

  @Test
  void theSegmentAgePanelDrawsTheAlertsThresholdLine() {
    for (JsonNode panel : MonitoringFiles.dashboard().path("panels")) {
      if (panel.path("targets").path(0).path("expr").asText().equals("segment_age_seconds")) {
        JsonNode defaults = panel.path("fieldConfig").path("defaults");
        assertThat(defaults.path("custom").path("thresholdsStyle").path("mode").asText())
            .startsWith("line");
        JsonNode steps = defaults.path("thresholds").path("steps");
        double threshold = steps.get(steps.size() - 1).path("value").asDouble();
        assertThat(MonitoringFiles.alertRules().get(SEGMENT_AGE).get("expr").asText())
            .endsWith("> " + (long) threshold);
        return;
      }
    }
    throw new AssertionError("no segment age panel");
  }

  @Test
  void theJarCarriesExactlyTheRuleFilesOfMonitoringRules() throws IOException {
    List<String> inRepository = new ArrayList<>();
    for (Path file : MonitoringFiles.ruleFiles()) {
      inRepository.add(file.getFileName().toString());
      try (InputStream resource = PrometheusFiles.class.getResourceAsStream(
          "rules/" + file.getFileName())) {
        assertThat(resource).as("%s in the jar", file.getFileName()).isNotNull();
        assertThat(resource.readAllBytes()).isEqualTo(Files.readAllBytes(file));
      }
    }
    assertThat(PrometheusFiles.RULE_FILES).containsExactlyInAnyOrderElementsOf(inRepository);
  }

  private static String datasourceUid() {
    return MonitoringFiles.yaml(MonitoringFiles.monitoring()
        .resolve("grafana/provisioning/datasources/prometheus.yml"))
        .path("datasources").path(0).path("uid").asText();
  }

  private static long seconds(String duration) {
    if (duration.endsWith("ms")) {
      return Long.parseLong(duration.substring(0, duration.length() - 2)) / 1000;
    }
    long value = Long.parseLong(duration.substring(0, duration.length() - 1));
    return switch (duration.charAt(duration.length() - 1)) {
      case 's' -> value;
      case 'm' -> value * 60;
      case 'h' -> value * 3600;
      default -> throw new IllegalArgumentException(duration);
    };
  }
}
