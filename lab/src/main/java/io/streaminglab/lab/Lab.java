package io.streaminglab.lab;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.streaminglab.ingest.IngestMetrics;
import io.streaminglab.ingest.RtmpIngestServer;
import io.streaminglab.ingest.hub.StreamHub;
import io.streaminglab.ingest.hub.Subscription;
import io.streaminglab.lab.metrics.MetricsHttpServer;
import io.streaminglab.origin.OriginMetrics;
import io.streaminglab.origin.OriginServer;
import io.streaminglab.packager.Packager;
import io.streaminglab.packager.PackagerConfig;
import io.streaminglab.packager.PackagerMetrics;
import java.time.Clock;

/**
 * The lab in one process: the ingest, two packagers reading its hub in-process, two origins
 * serving their directories, and the lab's HTTP endpoint with every component's metrics.
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
  private MetricsHttpServer metricsServer;

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
    metricsServer = services.add(IngestCommand.startMetrics(registry, host,
        settings.httpPort()));
    services.add(packagerOnHub(hub, packagerConfig("primary", settings), packagerMetrics));
    services.add(packagerOnHub(hub, packagerConfig("backup", settings), packagerMetrics));
    primaryOrigin = services.add(OriginCommand.startOrigin(
        OriginCommand.originConfig(settings.primaryDir(), host, settings.primaryPort()),
        new OriginMetrics(registry, "primary"), "--primary-port"));
    backupOrigin = services.add(OriginCommand.startOrigin(
        OriginCommand.originConfig(settings.backupDir(), host, settings.backupPort()),
        new OriginMetrics(registry, "backup"), "--backup-port"));
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

  public PrometheusRegistry registry() {
    return registry;
  }

  public int rtmpPort() {
    return ingest.port();
  }

  public int httpPort() {
    return metricsServer.port();
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
