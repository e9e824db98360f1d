package io.streaminglab.lab.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The shipped monitoring files of the repository, read as the tools read them: the alert rules,
 * the Grafana dashboard and alerts, and the expressions and metric names in them.
 */
public final class MonitoringFiles {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = new ObjectMapper();

  private MonitoringFiles() {}

  /** The repository's top directory: the first parent of the working directory with monitoring/. */
  public static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isRegularFile(dir.resolve("monitoring/prometheus.yml"))
          && Files.isRegularFile(dir.resolve("mvnw"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("no monitoring/prometheus.yml above "
        + Path.of("").toAbsolutePath());
  }

  public static Path monitoring() {
    return repositoryRoot().resolve("monitoring");
  }

  public static JsonNode yaml(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode json(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every file in monitoring/rules, as Prometheus' {@code rules/*.yml} matches them. */
  public static List<Path> ruleFiles() {
    try (Stream<Path> files = Files.list(monitoring().resolve("rules"))) {
      return files.filter(f -> f.getFileName().toString().endsWith(".yml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every alerting rule: its name and its rule node. */
  public static Map<String, JsonNode> alertRules() {
    Map<String, JsonNode> rules = new LinkedHashMap<>();
    for (Path file : ruleFiles()) {
      for (JsonNode group : yaml(file).path("groups")) {
        for (JsonNode rule : group.path("rules")) {
          if (rule.has("alert")) {
            rules.put(rule.get("alert").asText(), rule);
          }
        }
      }
    }
    return rules;
  }

  public static JsonNode dashboard() {
    return json(monitoring().resolve("grafana/dashboards/streaming-lab.json"));
  }

  /** Every query of every panel of the dashboard. */
  public static List<String> dashboardExpressions() {
    List<String> expressions = new ArrayList<>();
    for (JsonNode panel : dashboard().path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        expressions.add(target.path("expr").asText());
      }
    }
    return expressions;
  }

  public static JsonNode grafanaAlerts() {
    return yaml(monitoring().resolve("grafana/provisioning/alerting/alerts.yml"));
  }

  /** The Prometheus queries of Grafana's alert rules (not its server-side expressions). */
  public static List<String> grafanaAlertExpressions() {
    List<String> expressions = new ArrayList<>();
    for (JsonNode group : grafanaAlerts().path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        for (JsonNode query : rule.path("data")) {
          if (!query.path("datasourceUid").asText().equals("__expr__")) {
            expressions.add(query.path("model").path("expr").asText());
          }
        }
      }
    }
    return expressions;
  }

  /** Every metric the dashboard, the alert rules and Grafana's alerts read. */
  public static Set<String> metricNames() {
    Set<String> names = new TreeSet<>();
    alertRules().values().forEach(rule -> names.addAll(PromQlNames.of(rule.get("expr").asText())));
    dashboardExpressions().forEach(expression -> names.addAll(PromQlNames.of(expression)));
    grafanaAlertExpressions().forEach(expression -> names.addAll(PromQlNames.of(expression)));
    return names;
  }
}
