package io.streaminglab.lab;

import io.streaminglab.lab.monitoring.PrometheusProcess;
import io.streaminglab.lab.monitoring.PrometheusSettings;
import io.streaminglab.packager.PackagerConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code streaming-lab up}: the lab in one process. Each component keeps its own state, port,
 * directory and lifecycle, so that stopping one is a real fault: the packagers read the ingest's
 * hub in-process, and the origins are HTTP servers of their own.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = "Run the lab in one process, each component on the seed lab's port: "
        + "ingest-primary (:1936) and ingest-backup (:1937), both fed by the built-in "
        + "publisher, packager-primary and packager-backup (one behind each ingest), "
        + "origin-primary (:8081), origin-backup (:8082), and switcher-primary (:8080) and "
        + "switcher-backup (:8083), each in front of both origins, serving players "
        + "/hls/live.m3u8 (both switchers) and /hls/index.m3u8, /healthz and every metric.")
final class UpCommand implements Callable<Integer> {
  @Mixin
  IngestOptions ingest;

  @Option(names = "--backup-rtmp-port", defaultValue = "1937", paramLabel = "PORT",
      description = "ingest-backup's RTMP port; --rtmp-port is ingest-primary's (default: "
          + "${DEFAULT-VALUE}).")
  int backupRtmpPort;

  @Mixin
  PackagerOptions packaging;

  @Option(names = "--http-port", defaultValue = "8080", paramLabel = "PORT",
      description = "The switcher's port: players, /healthz, /metrics (default: "
          + "${DEFAULT-VALUE}).")
  int httpPort;

  @Option(names = "--backup-http-port", defaultValue = "8083", paramLabel = "PORT",
      description = "switcher-backup's port; --http-port is switcher-primary's (default: "
          + "${DEFAULT-VALUE}).")
  int backupHttpPort;

  @Mixin
  SwitcherOptions switching;

  @Option(names = "--primary-port", defaultValue = "8081", paramLabel = "PORT",
      description = "origin-primary's HTTP port (default: ${DEFAULT-VALUE}).")
  int primaryPort;

  @Option(names = "--backup-port", defaultValue = "8082", paramLabel = "PORT",
      description = "origin-backup's HTTP port (default: ${DEFAULT-VALUE}).")
  int backupPort;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Where the packagers write hls_primary/ and hls_backup/ "
          + "(default: streaming-lab in the system's temporary directory).")
  Path dataDir;

  @Option(names = "--stream", defaultValue = "mystream", paramLabel = "PATH",
      description = "The stream path publishers push to and the packagers read "
          + "(default: ${DEFAULT-VALUE}).")
  String stream;

  @Option(names = "--no-publisher", negatable = false,
      description = "Start without the built-in publisher and wait for one of your own "
          + "(OBS, ffmpeg, bin/streaming-lab publish), which should push to both "
          + "rtmp://localhost:1936/mystream and rtmp://localhost:1937/mystream.")
  boolean noPublisher;

  @Option(names = "--prometheus", description = "Also run Prometheus (the prometheus binary "
      + "on the PATH) against the lab with the alert rules of monitoring/rules; its data goes "
      + "in prometheus/ under the data directory.")
  boolean prometheus;

  @Option(names = "--prometheus-port", defaultValue = "9090", paramLabel = "PORT",
      description = "Prometheus' port with --prometheus (default: ${DEFAULT-VALUE}).")
  int prometheusPort;

  @Mixin
  ConfigOption config;

  /** Where {@code up} keeps its files, and {@code ctl} finds the admin token, by default. */
  static final Path DEFAULT_DATA_DIR = Path.of(System.getProperty("java.io.tmpdir"),
      "streaming-lab");

  @Override
  public Integer call() throws Exception {
    Path data = dataDir != null ? dataDir : DEFAULT_DATA_DIR;
    PackagerConfig checked = packaging.toConfig("primary", data);
    URI placeholder = URI.create("http://127.0.0.1/hls");
    if (backupRtmpPort < 0 || backupRtmpPort > 65535) {
      throw new LabException("--backup-rtmp-port must be between 1 and 65535, not "
          + backupRtmpPort + ".");
    }
    if (backupHttpPort < 0 || backupHttpPort > 65535) {
      throw new LabException("--backup-http-port must be between 1 and 65535, not "
          + backupHttpPort + ".");
    }
    LabSettings settings = new LabSettings(ingest.toConfig(), backupRtmpPort, httpPort,
        backupHttpPort, primaryPort, backupPort, data, stream, checked.target(), checked.windowSize(),
        switching.toConfig(placeholder, placeholder, "127.0.0.1", httpPort), !noPublisher);
    Lab lab = Lab.start(settings);
    if (prometheus) {
      lab.alongside(() -> PrometheusProcess.start(PrometheusSettings.forLab(
          settings.ingest().host(), prometheusPort, lab.httpPort(), data)));
    }
    new NextSteps(lab).print(System.out);
    lab.runUntilStopped();
    return 0;
  }
}
