package io.streaminglab.lab.monitoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files Prometheus reads when the lab runs it: a generated {@code prometheus.yml} and the
 * alert rules. The rules are the repository's {@code monitoring/rules}, packed into the jar at
 * build time (lab's pom), so the Docker deployment and {@code up --prometheus} load one text.
 */
public final class PrometheusFiles {
  /** The rule files of monitoring/rules, as the jar holds them. */
  public static final List<String> RULE_FILES = List.of("streaming-lab.rules.yml");

  /** The job whose scrape the alert rule Switcher Not Scraped watches. */
  public static final String JOB = "switcher";

  private static final String RULES_RESOURCE = "rules/";

  private PrometheusFiles() {}

  /**
   * Writes {@code prometheus.yml} and {@code rules/} into the settings' work directory,
   * replacing what an earlier run left, and returns the configuration's path.
   */
  public static Path write(PrometheusSettings settings) {
    try {
      Path rules = Files.createDirectories(settings.workDir().resolve("rules"));
      for (String name : RULE_FILES) {
        try (InputStream in = PrometheusFiles.class.getResourceAsStream(RULES_RESOURCE + name)) {
          if (in == null) {
            throw new IllegalStateException("The jar lacks the alert rules " + name
                + "; rebuild it with ./mvnw package.");
          }
          Files.copy(in, rules.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      Path config = settings.workDir().resolve("prometheus.yml");
      Files.writeString(config, config(settings));
      return config;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write Prometheus' files in "
          + settings.workDir(), e);
    }
  }

  /** The configuration: the lab's /metrics as job {@code switcher}, Prometheus itself, rules. */
  static String config(PrometheusSettings settings) {
    Map<String, Object> global = new LinkedHashMap<>();
    global.put("scrape_interval", duration(settings.scrapeInterval()));
    // A scrape may not last longer than the interval between two.
    global.put("scrape_timeout", duration(settings.scrapeInterval()));
    global.put("evaluation_interval", duration(settings.evaluationInterval()));
    global.put("external_labels", Map.of("lab", "streaming-lab"));
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("global", global);
    root.put("rule_files", List.of("rules/*.yml"));
    root.put("scrape_configs", List.of(
        job(JOB, settings.target()),
        job("prometheus", settings.baseUrl().substring("http://".length()))));
    try {
      return "# Written by bin/streaming-lab up --prometheus at every start; edits are lost.\n"
          + MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write Prometheus' configuration", e);
    }
  }

  private static Map<String, Object> job(String name, String target) {
    Map<String, Object> job = new LinkedHashMap<>();
    job.put("job_name", name);
    job.put("static_configs", List.of(Map.of("targets", List.of(target))));
    return job;
  }

  /** Prometheus' duration syntax. */
  private static String duration(Duration value) {
    long millis = value.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }

  private static final YAMLMapper MAPPER = YAMLMapper.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .build();
}
