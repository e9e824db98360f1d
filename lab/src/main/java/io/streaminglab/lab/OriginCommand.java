package io.streaminglab.lab;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.streaminglab.origin.OriginBindException;
import io.streaminglab.origin.OriginConfig;
import io.streaminglab.origin.OriginMetrics;
import io.streaminglab.origin.OriginServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code streaming-lab origin}: one static HLS origin alone. */
@Command(name = "origin", mixinStandardHelpOptions = true,
    description = "Serve a packager's directory over HTTP under /hls/, as nginx did in the seed "
        + "lab: http://HOST:PORT/hls/index.m3u8.")
final class OriginCommand implements Callable<Integer> {
  @Option(names = "--dir", required = true, paramLabel = "DIR",
      description = "The packager's output directory.")
  Path dir;

  @Option(names = "--port", defaultValue = "8081", paramLabel = "PORT",
      description = "HTTP port (default: ${DEFAULT-VALUE}; the backup origin uses 8082).")
  int port;

  @Mixin
  ListenHostOption listen;

  @Option(names = "--name", defaultValue = "primary", paramLabel = "NAME",
      description = "Name in logs and metrics (default: ${DEFAULT-VALUE}).")
  String name;

  @Mixin
  MetricsPortOption metricsPort = new MetricsPortOption(9103);

  @Mixin
  ConfigOption config;

  @Override
  public Integer call() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    try (RunningServices services = new RunningServices()) {
      services.add(startOrigin(originConfig(dir, listen.host, port),
          new OriginMetrics(registry, name), "--port"));
      metricsPort.startUnlessOff(services, registry, listen.host);
      services.awaitShutdown();
    }
    return 0;
  }

  static OriginConfig originConfig(Path directory, String host, int port) {
    try {
      return OriginConfig.of(directory).withHost(host).withPort(port);
    } catch (IllegalArgumentException e) {
      throw new LabException(e.getMessage().substring(0, 1).toUpperCase()
          + e.getMessage().substring(1) + ".");
    }
  }

  static OriginServer startOrigin(OriginConfig config, OriginMetrics metrics, String option)
      throws InterruptedException {
    try {
      return new OriginServer(config, metrics).start();
    } catch (OriginBindException e) {
      throw new LabException("Port " + e.port() + " is already in use: stop whatever holds it "
          + "(lsof -i :" + e.port() + ") or choose another port with " + option + ".", e);
    } catch (IOException e) {
      throw new LabException("Cannot serve " + config.directory() + ": " + e.getMessage()
          + ".", e);
    }
  }
}
