package io.streaminglab.lab;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.streaminglab.lab.metrics.JvmProcessMetrics;
import io.streaminglab.switcher.ComponentControl;
import io.streaminglab.switcher.Switcher;
import io.streaminglab.switcher.SwitcherBindException;
import io.streaminglab.switcher.SwitcherConfig;
import io.streaminglab.switcher.SwitcherServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code streaming-lab switcher}: the failover switcher in front of any two HLS origins. */
@Command(name = "switcher", mixinStandardHelpOptions = true,
    description = {
        "Serve one HLS URL that never stalls, in front of two origins: "
            + "http://HOST:PORT/hls/index.m3u8, with /healthz, /metrics and an admin API.",
        "",
        "Configured as the seed lab's switcher was: PRIMARY_BASE_URL, BACKUP_BASE_URL, "
            + "PLAYLIST_PATH, CHECK_INTERVAL_SECONDS, SEGMENT_AGE_THRESHOLD_SECONDS and "
            + "REQUIRED_WINDOWS (the flags below, or STREAMING_LAB_* variables, win)."})
final class SwitcherCommand implements Callable<Integer> {
  @Option(names = "--primary-base-url", defaultValue = "http://localhost:8081/hls",
      paramLabel = "URL", description = "The primary origin (env PRIMARY_BASE_URL; default: "
          + "${DEFAULT-VALUE}).")
  String primary;

  @Option(names = "--backup-base-url", defaultValue = "http://localhost:8082/hls",
      paramLabel = "URL", description = "The backup origin (env BACKUP_BASE_URL; default: "
          + "${DEFAULT-VALUE}).")
  String backup;

  @Option(names = "--playlist-path", defaultValue = "index.m3u8", paramLabel = "PATH",
      description = "The playlist under each base URL (env PLAYLIST_PATH; default: "
          + "${DEFAULT-VALUE}).")
  String playlistPath;

  @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT",
      description = "Port for players (default: ${DEFAULT-VALUE}).")
  int port;

  @Mixin
  ListenHostOption listen;

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "Where the admin token is stored for ctl (default: admin-token in "
          + "streaming-lab under the system's temporary directory).")
  Path tokenFile;

  @Mixin
  SwitcherOptions switching;

  @Mixin
  ConfigOption config;

  @Override
  public Integer call() throws Exception {
    String host = listen.host;
    SwitcherConfig switcherConfig = switching.toConfig(url(primary, "--primary-base-url"),
        url(backup, "--backup-base-url"), host, port).withPlaylistPath(playlistPath);
    PrometheusRegistry registry = new PrometheusRegistry();
    JvmProcessMetrics.register(registry);
    try (RunningServices services = new RunningServices()) {
      Switcher switcher = services.add(new Switcher(switcherConfig, registry,
          Clock.systemUTC()).start());
      SwitcherServer server = services.add(startServer(switcher, registry, "--port"));
      new LabHandle(URI.create("http://" + (host.equals("0.0.0.0") ? "127.0.0.1" : host) + ":"
          + server.port()), switcherConfig.adminToken())
          .store(tokenFile != null ? tokenFile : LabHandle.defaultTokenFile());
      services.awaitShutdown();
    }
    return 0;
  }

  static URI url(String text, String option) {
    try {
      URI uri = URI.create(text);
      if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new IllegalArgumentException("not an http:// URL");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new LabException(option + " '" + text + "' is not an http://HOST[:PORT]/PATH URL.");
    }
  }

  static SwitcherServer startServer(Switcher switcher, PrometheusRegistry registry,
      String option) throws InterruptedException {
    return startServer(switcher, registry, ComponentControl.NONE, option);
  }

  static SwitcherServer startServer(Switcher switcher, PrometheusRegistry registry,
      ComponentControl components, String option) throws InterruptedException {
    try {
      return new SwitcherServer(switcher, registry, components).start();
    } catch (SwitcherBindException e) {
      throw new LabException("Port " + e.port() + " is already in use: stop whatever holds it "
          + "(lsof -i :" + e.port() + ") or choose another port with " + option + ".", e);
    }
  }
}
