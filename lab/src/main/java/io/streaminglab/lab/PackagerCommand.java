package io.streaminglab.lab;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.streaminglab.lab.metrics.JvmProcessMetrics;
import io.streaminglab.packager.Packager;
import io.streaminglab.packager.PackagerConfig;
import io.streaminglab.packager.PackagerMetrics;
import io.streaminglab.packager.RtmpSource;
import io.streaminglab.rtmp.client.RtmpUrl;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledExecutorService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code streaming-lab packager}: one packager alone, reading RTMP from an ingest. */
@Command(name = "packager", mixinStandardHelpOptions = true,
    description = {
        "Run one HLS packager alone: it plays the stream from an ingest over RTMP and writes "
            + "MPEG-TS segments and index.m3u8 into a directory that an origin serves.",
        "",
        "Two packagers reading the same ingest write identical segments (same names, numbers, "
            + "dates and bytes), so either origin can serve any segment."})
final class PackagerCommand implements Callable<Integer> {
  /** Longer, and the ingest's queue for this player would fill between reads at high rates. */
  private static final Duration MAX_READ_INTERVAL = Duration.ofSeconds(1);

  @Option(names = "--name", defaultValue = "primary", paramLabel = "NAME",
      description = "Name in logs and metrics (default: ${DEFAULT-VALUE}).")
  String name;

  @Option(names = "--source", defaultValue = "rtmp://127.0.0.1:1936/mystream",
      paramLabel = "URL", description = "The ingest's RTMP URL of the stream "
          + "(default: ${DEFAULT-VALUE}).")
  String source;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "Directory for the segments and index.m3u8; created if missing.")
  Path out;

  @Mixin
  PackagerOptions packaging;

  @Option(names = "--read-interval", defaultValue = "200ms", paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "How often to read the RTMP play between keyframes; around each keyframe "
          + "that is due it reads every message at once, so that segments are listed without "
          + "delay. Fewer reads cost less CPU; 0 reads every message as it arrives "
          + "(default: ${DEFAULT-VALUE}).")
  Duration readInterval;

  @Mixin
  MetricsPortOption metricsPort = new MetricsPortOption(9102);

  @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
      description = "Address the /metrics endpoint listens on; 0.0.0.0 lets a Prometheus on "
          + "another machine or container scrape it (default: ${DEFAULT-VALUE}).")
  String host;

  @Mixin
  ConfigOption config;

  @Override
  public Integer call() throws Exception {
    RtmpUrl url;
    try {
      url = RtmpUrl.parse(source);
    } catch (IllegalArgumentException e) {
      throw new LabException("--source " + e.getMessage() + ".");
    }
    if (readInterval.compareTo(MAX_READ_INTERVAL) > 0) {
      throw new LabException("--read-interval must be at most " + MAX_READ_INTERVAL.toMillis()
          + "ms, not " + readInterval.toMillis() + "ms.");
    }
    PrometheusRegistry registry = new PrometheusRegistry();
    JvmProcessMetrics.register(registry);
    try (RunningServices services = new RunningServices()) {
      Packager packager = new Packager(packaging.toConfig(name, out),
          new PackagerMetrics(registry), Clock.systemUTC());
      RtmpSource source = services.add(new RtmpSource(url, packager, Clock.systemUTC(),
          readInterval));
      // One thread reads the play and packages it: no hand-over per frame.
      services.add(startPackager(packager, source.thread()));
      source.start();
      metricsPort.startUnlessOff(services, registry, host);
      services.awaitShutdown();
    }
    return 0;
  }

  /** Starts a packager on a thread of its own, as {@code up} runs them. */
  static Packager startPackager(PackagerConfig config, PackagerMetrics metrics) {
    try {
      return new Packager(config, metrics, Clock.systemUTC()).start();
    } catch (IOException e) {
      throw cannotWrite(config, e);
    }
  }

  private static Packager startPackager(Packager packager, ScheduledExecutorService thread) {
    try {
      return packager.start(thread);
    } catch (IOException e) {
      throw cannotWrite(packager.config(), e);
    }
  }

  private static LabException cannotWrite(PackagerConfig config, IOException e) {
    return new LabException("Cannot write to " + config.directory() + " (" + e.getMessage()
        + "); give the packager a directory it may write with --out.", e);
  }
}
