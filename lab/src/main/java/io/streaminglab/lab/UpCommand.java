package io.streaminglab.lab;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.streaminglab.ingest.IngestConfig;
import io.streaminglab.ingest.IngestMetrics;
import io.streaminglab.ingest.RtmpIngestServer;
import io.streaminglab.ingest.hub.StreamHub;
import java.io.PrintStream;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code streaming-lab up}: the whole lab in one process. Today that is the RTMP ingest with
 * every metric on the lab's HTTP port; the packagers, origins and switcher join it as they are
 * built.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = "Run the whole lab in one process, each component on the seed lab's port.")
final class UpCommand implements Callable<Integer> {
  @Mixin
  IngestOptions ingest;

  @Option(names = "--http-port", defaultValue = "8080", paramLabel = "PORT",
      description = "The lab's HTTP port, where /metrics is served (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(names = "--stream", defaultValue = "mystream", paramLabel = "PATH",
      description = "The stream path publishers push to (default: ${DEFAULT-VALUE}).")
  String stream;

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
      RtmpIngestServer server = services.add(
          IngestCommand.start(new RtmpIngestServer(ingestConfig, hub, metrics), "--rtmp-port"));
      services.add(IngestCommand.startMetrics(registry, ingestConfig.host(), httpPort));
      printNextSteps(System.out, ingestConfig.host(), server.port());
      services.awaitShutdown();
    }
    return 0;
  }

  private void printNextSteps(PrintStream out, String host, int rtmpPort) {
    String shown = host.equals("0.0.0.0") ? "localhost" : host;
    String rtmp = "rtmp://" + shown + ":" + rtmpPort;
    out.println();
    out.println("Streaming Lab is up.");
    out.println("  Publish with ffmpeg  ffmpeg -re -f lavfi -i testsrc2=size=1280x720:rate=30"
        + " -f lavfi -i sine=frequency=440 -c:v libx264 -g 60 -c:a aac -f flv "
        + rtmp + "/" + stream);
    out.println("  Publish with OBS     Server " + rtmp + "/  Stream key " + stream
        + "  (keyframe interval 2 s)");
    out.println("  Play the RTMP feed   ffplay " + rtmp + "/" + stream);
    out.println("  Metrics              http://" + shown + ":" + httpPort + "/metrics");
    out.println("  Stop                 Ctrl-C");
    out.println();
  }
}
