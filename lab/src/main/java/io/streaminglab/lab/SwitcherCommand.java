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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  @Option(names = "--name", defaultValue = "switcher", paramLabel = "NAME",
      description = "Which switcher this is, in /healthz, /metrics and as its content-steering "
          + "pathway: switcher-primary or switcher-backup in a redundant pair (default: "
          + "${DEFAULT-VALUE}).")
  String name;

  @Option(names = "--pathway", paramLabel = "ID=URL", split = ",",
      description = "A switcher of the chain as players reach it, this one included, such as "
          + "switcher-primary=http://cdn-a.example:8080; repeat it for each, in order of "
          + "preference (or comma-separated). Without it the switcher is alone and its "
          + "/hls/live.m3u8 names only itself.")
  List<String> pathways;

  @Option(names = "--peer-url", paramLabel = "ID=URL", split = ",",
      description = "Where this switcher reaches another switcher of the chain when that is not "
          + "its --pathway URL, such as switcher-backup=http://switcher-backup:8083 in "
          + "containers whose players use published ports; repeat it for each.")
  List<String> peerUrls;

  @Mixin
  SwitcherOptions switching;

  @Mixin
  ConfigOption config;

  @Override
  public Integer call() throws Exception {
    String host = listen.host;
    SwitcherConfig switcherConfig = switching.toConfig(url(primary, "--primary-base-url"),
        url(backup, "--backup-base-url"), host, port).withPlaylistPath(playlistPath);
    switcherConfig = withChain(switcherConfig, name, pathways != null ? pathways : List.of(),
        peerUrls != null ? peerUrls : List.of());
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

  /**
   * The config with its name and the chain's pathways.
   *
   * @throws LabException with one sentence for a bad name, a bad or repeated pathway, or
   *     pathways that leave this switcher out
   */
  static SwitcherConfig withChain(SwitcherConfig config, String name, List<String> pathways,
      List<String> peerUrls) {
    if (!name.matches("[a-z0-9][a-z0-9-]{0,62}")) {
      throw new LabException("--name must be lower-case letters, digits and dashes, such as "
          + "switcher-backup, not '" + name + "'.");
    }
    Map<String, URI> chain = idsToUrls(pathways, "--pathway");
    if (!chain.isEmpty() && !chain.containsKey(name)) {
      throw new LabException("The pathways " + chain.keySet() + " leave out this switcher, "
          + name + ": add --pathway " + name + "=URL, or give the right --name.");
    }
    Map<String, URI> peers = idsToUrls(peerUrls, "--peer-url");
    for (String peer : peers.keySet()) {
      if (!chain.containsKey(peer) || peer.equals(name)) {
        throw new LabException("--peer-url " + peer + " is not another switcher of the chain "
            + chain.keySet() + "; give a --pathway for it first.");
      }
    }
    return config.withName(name).withPathways(chain).withPeerUrls(peers);
  }

  private static Map<String, URI> idsToUrls(List<String> pairs, String option) {
    Map<String, URI> chain = new LinkedHashMap<>();
    for (String pathway : pairs) {
      int equals = pathway.indexOf('=');
      String id = equals < 0 ? "" : pathway.substring(0, equals).trim();
      if (!id.matches("[a-z0-9][a-z0-9-]{0,62}")) {
        throw new LabException(option + " '" + pathway + "' is not ID=URL with an id of "
            + "lower-case letters, digits and dashes, such as "
            + "switcher-backup=http://127.0.0.1:8083.");
      }
      URI url = url(pathway.substring(equals + 1).trim(), option + " " + id);
      if (chain.put(id, url) != null) {
        throw new LabException(option + " names " + id + " twice; give each switcher once.");
      }
    }
    return chain;
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
