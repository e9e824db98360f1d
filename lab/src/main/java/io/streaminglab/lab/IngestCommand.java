package io.streaminglab.lab;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.streaminglab.ingest.IngestConfig;
import io.streaminglab.ingest.IngestMetrics;
import io.streaminglab.ingest.PortInUseException;
import io.streaminglab.ingest.RtmpIngestServer;
import io.streaminglab.ingest.hub.StreamHub;
import io.streaminglab.lab.metrics.MetricsHttpServer;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code streaming-lab ingest}: the RTMP ingest alone, with its own metrics endpoint. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = {
        "Run the RTMP ingest alone: publishers push to rtmp://HOST:PORT/PATH, players and "
            + "packagers in other processes play the same URL.",
        "",
        "Publish with: ffmpeg -re -i input.mp4 -c copy -f flv rtmp://127.0.0.1:1936/mystream"})
final class IngestCommand implements Callable<Integer> {
  @Mixin
  IngestOptions ingest;

  @Option(names = "--metrics-port", defaultValue = "9101", paramLabel = "PORT",
      description = "Port of the Prometheus /metrics endpoint; 0 turns it off "
          + "(default: ${DEFAULT-VALUE}).")
  int metricsPort;

  @Mixin
  ConfigOption config;

  @Override
  public Integer call() throws Exception {
    IngestConfig ingestConfig = ingest.toConfig();
    PrometheusRegistry registry = new PrometheusRegistry();
    JvmMetrics.builder().register(registry);
    IngestMetrics metrics = new IngestMetrics(registry);
    StreamHub hub = new StreamHub(Clock.systemUTC(), metrics, ingestConfig.gopCacheBytes());
    try (RunningServices services = new RunningServices()) {
      services.add(start(new RtmpIngestServer(ingestConfig, hub, metrics), "--rtmp-port"));
      if (metricsPort > 0) {
        services.add(startMetrics(registry, ingestConfig.host(), metricsPort));
      }
      services.awaitShutdown();
    }
    return 0;
  }

  static RtmpIngestServer start(RtmpIngestServer server, String portOption)
      throws InterruptedException {
    try {
      return server.start();
    } catch (PortInUseException e) {
      throw portInUse(e, portOption);
    }
  }

  static MetricsHttpServer startMetrics(PrometheusRegistry registry, String host, int port)
      throws InterruptedException {
    try {
      return new MetricsHttpServer(registry).start(host, port);
    } catch (PortInUseException e) {
      throw portInUse(e, "--metrics-port");
    }
  }

  static LabException portInUse(PortInUseException e, String option) {
    return new LabException("Port " + e.port() + " is already in use: stop whatever holds it "
        + "(lsof -i :" + e.port() + ") or choose another port with " + option + ".", e);
  }
}
