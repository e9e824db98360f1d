package io.streaminglab.lab.monitoring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link PrometheusProcess} runs Prometheus next to a lab.
 *
 * @param listenHost the address Prometheus' web pages and API listen on
 * @param port their port (Prometheus cannot report a port it picked, so never 0)
 * @param target {@code host:port} of the lab's {@code /metrics}, scraped as job {@code switcher}
 *     (in {@code up} the switcher's endpoint carries every component's metrics)
 * @param workDir where the generated configuration, the rules, the data and the log go
 * @param scrapeInterval how often the lab is scraped
 * @param evaluationInterval how often the alert rules are evaluated
 */
public record PrometheusSettings(String listenHost, int port, String target, Path workDir,
    Duration scrapeInterval, Duration evaluationInterval) {

  /** The intervals of monitoring/prometheus.yml. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

  public PrometheusSettings {
    Objects.requireNonNull(listenHost, "listenHost == null");
    Objects.requireNonNull(target, "target == null");
    Objects.requireNonNull(workDir, "workDir == null");
    Objects.requireNonNull(scrapeInterval, "scrapeInterval == null");
    Objects.requireNonNull(evaluationInterval, "evaluationInterval == null");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1 to 65535: " + port);
    }
    if (scrapeInterval.toMillis() < 1 || evaluationInterval.toMillis() < 1) {
      throw new IllegalArgumentException("intervals must be at least 1 ms");
    }
  }

  /**
   * Prometheus for {@code up}: on {@code host:port}, scraping the lab's HTTP port every 5 s,
   * with its files in {@code prometheus/} under the lab's data directory.
   */
  public static PrometheusSettings forLab(String host, int port, int labHttpPort, Path dataDir) {
    String reachable = host.equals("0.0.0.0") ? "127.0.0.1" : host;
    return new PrometheusSettings(host, port, reachable + ":" + labHttpPort,
        dataDir.resolve("prometheus"), DEFAULT_INTERVAL, DEFAULT_INTERVAL);
  }

  public PrometheusSettings withIntervals(Duration scrape, Duration evaluation) {
    return new PrometheusSettings(listenHost, port, target, workDir, scrape, evaluation);
  }

  /** Where Prometheus answers, for the lab's own requests and for people. */
  public String baseUrl() {
    String reachable = listenHost.equals("0.0.0.0") ? "127.0.0.1" : listenHost;
    return "http://" + reachable + ":" + port;
  }
}
