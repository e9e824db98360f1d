package io.streaminglab.lab.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.streaminglab.testkit.ExternalTool;
import io.streaminglab.testkit.PeerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prometheus' own checker on what we ship: the Docker deployment's configuration, the alert
 * rules and their unit tests, and the configuration {@code up --prometheus} writes.
 */
class PromtoolTest {
  private static final Duration LIMIT = Duration.ofMinutes(2);

  @TempDir
  Path dir;

  @Test
  void theDockerDeploymentsConfigurationIsValidAndFindsTheRules() {
    PeerProcess.Result check = promtool("check", "config",
        MonitoringFiles.monitoring().resolve("prometheus.yml").toString());

    assertThat(check.succeeded()).as(check.output()).isTrue();
    assertThat(check.output()).contains("1 rule files found");
  }

  @Test
  void theAlertRulesAreValid() {
    List<String> command = new ArrayList<>(List.of("check", "rules"));
    MonitoringFiles.ruleFiles().forEach(file -> command.add(file.toString()));

    PeerProcess.Result check = promtool(command.toArray(String[]::new));

    assertThat(check.succeeded()).as(check.output()).isTrue();
    assertThat(check.output()).contains("SUCCESS: " + MonitoringFiles.alertRules().size()
        + " rules found");
  }

  @Test
  void theAlertRulesPassTheirUnitTests() throws IOException {
    List<String> command = new ArrayList<>(List.of("test", "rules"));
    try (Stream<Path> tests = Files.list(MonitoringFiles.monitoring().resolve("tests"))) {
      tests.filter(f -> f.toString().endsWith(".yml")).sorted()
          .forEach(f -> command.add(f.toString()));
    }
    assertThat(command).hasSizeGreaterThan(2);

    PeerProcess.Result test = promtool(command.toArray(String[]::new));

    assertThat(test.succeeded()).as(test.output()).isTrue();
    assertThat(test.output()).contains("SUCCESS").doesNotContain("FAILED");
  }

  @Test
  void everyRuleHasAUnitTest() throws IOException {
    StringBuilder tests = new StringBuilder();
    try (Stream<Path> files = Files.list(MonitoringFiles.monitoring().resolve("tests"))) {
      for (Path file : files.toList()) {
        tests.append(Files.readString(file));
      }
    }
    for (String alert : MonitoringFiles.alertRules().keySet()) {
      assertThat(tests.toString()).as("a test of %s", alert)
          .containsPattern("alertname: \"?" + java.util.regex.Pattern.quote(alert));
    }
  }

  @Test
  void theConfigurationUpWritesIsValidWithTheRulesFromTheJar() {
    PrometheusSettings settings = PrometheusSettings.forLab("127.0.0.1", 9090, 8080, dir)
        .withIntervals(Duration.ofMillis(500), Duration.ofSeconds(1));
    Path config = PrometheusFiles.write(settings);

    PeerProcess.Result check = promtool("check", "config", config.toString());

    assertThat(check.succeeded()).as(check.output()).isTrue();
    assertThat(check.output()).contains("SUCCESS: " + MonitoringFiles.alertRules().size()
        + " rules found");
  }

  private static PeerProcess.Result promtool(String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(ExternalTool.PROMTOOL.require());
    command.addAll(List.of(arguments));
    return PeerProcess.run(command, LIMIT);
  }
}
