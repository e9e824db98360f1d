package io.streaminglab.lab;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.streaminglab.ingest.IngestMetrics;
import io.streaminglab.ingest.RtmpIngestServer;
import io.streaminglab.ingest.hub.StreamHub;
import io.streaminglab.ingest.hub.Subscription;
import io.streaminglab.origin.OriginMetrics;
import io.streaminglab.origin.OriginServer;
import io.streaminglab.packager.Packager;
import io.streaminglab.packager.PackagerConfig;
import io.streaminglab.packager.PackagerMetrics;
import io.streaminglab.switcher.Switcher;
import io.streaminglab.switcher.SwitcherConfig;
import io.streaminglab.switcher.SwitcherServer;
import java.net.URI;
import java.time.Clock;

/**
 * The lab in one process: the ingest, two packagers reading its hub in-process, two origins
 * serving their directories, and the switcher in front of them over real loopback HTTP, which
 * also serves every component's metrics.
 * Each component keeps its own state, port, directory and lifecycle.
 *
 * <p>Lifecycle: {@link #start} starts the components in data-path order and, if one fails,
 * stops those already running before it rethrows; {@link #close()} stops them in reverse.
 */
public final class Lab implements AutoCloseable {
  private final LabSettings settings;
  private final RunningServices services = new RunningServices();
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private RtmpIngestServer ingest;
  private OriginServer primaryOrigin;
  private OriginServer backupOrigin;
  private Switcher switcher;
  private SwitcherServer switcherServer;

  private Lab(LabSettings settings) {
    this.settings = settings;
  }

  /**
   * Starts every component.
   *
   * @throws LabException with one sentence when a port is taken or a directory is unusable
   */
  public static Lab start(LabSettings settings) throws InterruptedException {
    Lab lab = new Lab(settings);
    try {
      lab.startComponents();
    } catch (RuntimeException | InterruptedException e) {
      lab.close();
      throw e;
    }
    return lab;
  }

  private void startComponents() throws InterruptedException {
    JvmMetrics.builder().register(registry);
    IngestMetrics ingestMetrics = new IngestMetrics(registry);
    PackagerMetrics packagerMetrics = new PackagerMetrics(registry);
    StreamHub hub = new StreamHub(Clock.systemUTC(), ingestMetrics,
        settings.ingest().gopCacheBytes());
    String host = settings.ingest().host();
    ingest = services.add(IngestCommand.start(
        new RtmpIngestServer(settings.ingest(), hub, ingestMetrics), "--rtmp-port"));
    services.add(packagerOnHub(hub, packagerConfig("primary", settings), packagerMetrics));
    services.add(packagerOnHub(hub, packagerConfig("backup", settings), packagerMetrics));
    primaryOrigin = services.add(OriginCommand.startOrigin(
        OriginCommand.originConfig(settings.primaryDir(), host, settings.primaryPort()),
        new OriginMetrics(registry, "primary"), "--primary-port"));
    backupOrigin = services.add(OriginCommand.startOrigin(
        OriginCommand.originConfig(settings.backupDir(), host, settings.backupPort()),
        new OriginMetrics(registry, "backup"), "--backup-port"));
    SwitcherConfig switcherConfig = settings.switcher()
        .withOrigins(originUrl(host, primaryOrigin.port()), originUrl(host, backupOrigin.port()))
        .withHost(host).withPort(settings.httpPort());
    switcher = services.add(new Switcher(switcherConfig, registry, Clock.systemUTC()).start());
    switcherServer = services.add(SwitcherCommand.startServer(switcher, registry,
        "--http-port"));
    AdminTokenFile.store(settings.tokenFile(), switcherConfig.adminToken());
  }

  private static URI originUrl(String host, int port) {
    String shown = host.equals("0.0.0.0") ? "127.0.0.1" : host;
    return URI.create("http://" + shown + ":" + port + "/hls");
  }

  private static PackagerConfig packagerConfig(String name, LabSettings settings) {
    return PackagerConfig.of(name, name.equals("primary") ? settings.primaryDir()
        : settings.backupDir()).withTarget(settings.target()).withWindowSize(settings.window());
  }

  private AutoCloseable packagerOnHub(StreamHub hub, PackagerConfig config,
      PackagerMetrics metrics) {
    Packager packager = PackagerCommand.startPackager(config, metrics);
    Subscription subscription = hub.subscribe(settings.stream(), packager);
    return () -> {
      subscription.close();
      packager.close();
    };
  }

  public LabSettings settings() {
    return settings;
  }

  public int rtmpPort() {
    return ingest.port();
  }

  public int httpPort() {
    return switcherServer.port();
  }

  public int primaryPort() {
    return primaryOrigin.port();
  }

  public int backupPort() {
    return backupOrigin.port();
  }

  /** Stops every component that started, in reverse order. */
  @Override
  public void close() {
    services.close();
  }

  /** Blocks until Ctrl-C or SIGTERM, then stops everything (see {@link RunningServices}). */
  void runUntilStopped() throws InterruptedException {
    services.awaitShutdown();
  }
}
