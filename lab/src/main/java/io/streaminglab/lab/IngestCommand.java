package io.streaminglab.lab;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.streaminglab.ingest.IngestConfig;
import io.streaminglab.ingest.IngestMetrics;
import io.streaminglab.ingest.PortInUseException;
import io.streaminglab.ingest.RtmpIngestServer;
import io.streaminglab.ingest.hub.StreamHub;
import io.streaminglab.lab.metrics.JvmProcessMetrics;
import java.time.Clock;
import java.util.List;
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

  @Option(names = "--name", defaultValue = "ingest", paramLabel = "NAME",
      description = "What its metrics call it (label ingest): ingest-primary or ingest-backup "
          + "in a redundant chain (default: ${DEFAULT-VALUE}).")
  String name;

  @Mixin
  MetricsPortOption metricsPort = new MetricsPortOption(9101);

  @Mixin
  ConfigOption config;

  @Override
  public Integer call() throws Exception {
    if (!name.matches("[a-z0-9][a-z0-9-]{0,62}")) {
      throw new LabException("--name must be lower-case letters, digits and dashes, such as "
          + "ingest-backup, not '" + name + "'.");
    }
    IngestConfig ingestConfig = ingest.toConfig();
    PrometheusRegistry registry = new PrometheusRegistry();
    JvmProcessMetrics.register(registry);
    IngestMetrics metrics = IngestMetrics.of(registry, List.of(name)).get(name);
    StreamHub hub = new StreamHub(Clock.systemUTC(), metrics, ingestConfig.gopCacheBytes());
    try (RunningServices services = new RunningServices()) {
      services.add(start(new RtmpIngestServer(ingestConfig, hub, metrics), "--rtmp-port"));
      metricsPort.startUnlessOff(services, registry, ingestConfig.host());
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

  static LabException portInUse(PortInUseException e, String option) {
    return new LabException("Port " + e.port() + " is already in use: stop whatever holds it "
        + "(lsof -i :" + e.port() + ") or choose another port with " + option + ".", e);
  }
}
