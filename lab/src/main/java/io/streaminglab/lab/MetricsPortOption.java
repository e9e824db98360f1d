package io.streaminglab.lab;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.streaminglab.ingest.PortInUseException;
import io.streaminglab.lab.metrics.MetricsHttpServer;
import picocli.CommandLine.Option;

/**
 * The {@code --metrics-port} option of a command that runs one component alone, and the
 * Prometheus endpoint it turns on. Each command gives its own default when it creates the mixin
 * ({@code ingest} 9101, {@code packager} 9102, {@code origin} 9103: the ports the compose file
 * and Prometheus' scrape targets use); picocli shows that initial value as the default in help.
 */
final class MetricsPortOption {
  @Option(names = "--metrics-port", paramLabel = "PORT",
      description = "Port of the Prometheus /metrics endpoint; 0 turns it off "
          + "(default: ${DEFAULT-VALUE}).")
  int port;

  MetricsPortOption(int defaultPort) {
    this.port = defaultPort;
  }

  /**
   * Serves {@code registry} on {@code host} at the port, as one of {@code services}, unless the
   * port is 0.
   *
   * @throws LabException with one sentence when the port is taken
   */
  void startUnlessOff(RunningServices services, PrometheusRegistry registry, String host)
      throws InterruptedException {
    if (port <= 0) {
      return;
    }
    try {
      services.add(new MetricsHttpServer(registry).start(host, port));
    } catch (PortInUseException e) {
      throw IngestCommand.portInUse(e, "--metrics-port");
    }
  }
}
