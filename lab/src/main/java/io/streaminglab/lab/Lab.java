package io.streaminglab.lab;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.streaminglab.ingest.IngestConfig;
import io.streaminglab.ingest.IngestMetrics;
import io.streaminglab.ingest.hub.StreamHub;
import io.streaminglab.lab.metrics.JvmProcessMetrics;
import io.streaminglab.origin.OriginMetrics;
import io.streaminglab.lab.publish.LoopingClip;
import io.streaminglab.packager.PackagerConfig;
import io.streaminglab.packager.PackagerMetrics;
import io.streaminglab.switcher.SwitcherConfig;
import io.streaminglab.switcher.SwitcherMetricFamilies;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The lab in one process: the built-in publisher (unless told not to) pushing to two ingests,
 * each with a hub of its own, a packager behind each reading its hub in-process, two origins
 * serving their directories, and two switchers, each in front of both origins over real loopback
 * HTTP, which also serve every component's metrics and, through their admin API, stop and start
 * the components for failover drills (either switcher can stop the other). Each component
 * keeps its own state, port, directory and lifecycle.
 *
 * <p>Lifecycle: {@link #start} starts the components in data-path order and, if one fails,
 * stops those already running before it rethrows; {@link #close()} stops them in reverse.
 */
public final class Lab implements AutoCloseable {
  private final LabSettings settings;
  private final RunningServices services = new RunningServices();
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final LabComponents components = new LabComponents();
  private IngestComponent primaryIngest;
  private IngestComponent backupIngest;
  private OriginComponent primaryOrigin;
  private OriginComponent backupOrigin;
  private SwitcherComponent primarySwitcher;
  private SwitcherComponent backupSwitcher;

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
    JvmProcessMetrics.register(registry);
    Map<String, IngestMetrics> ingestMetrics = IngestMetrics.of(registry,
        List.of("ingest-primary", "ingest-backup"));
    PackagerMetrics packagerMetrics = new PackagerMetrics(registry);
    String host = settings.ingest().host();
    createDirectories();
    primaryIngest = ingest(settings.ingest(), ingestMetrics.get("ingest-primary"),
        "--rtmp-port");
    backupIngest = ingest(settings.ingest().withPort(settings.backupRtmpPort()),
        ingestMetrics.get("ingest-backup"), "--backup-rtmp-port");
    PublisherComponent publisher = null;
    if (settings.publisher()) {
      EventLoopGroup publisherLoop = new MultiThreadIoEventLoopGroup(1,
          NioIoHandler.newFactory());
      services.add(() -> publisherLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS)
          .await(2, TimeUnit.SECONDS));
      publisher = components.add(new PublisherComponent(publisherLoop, loopback(host),
          List.of(primaryIngest::port, backupIngest::port), settings.stream(),
          LoopingClip.builtIn()));
    }
    components.add(primaryIngest);
    components.add(backupIngest);
    PackagerComponent primaryPackager = components.add(new PackagerComponent(
        "packager-primary", packagerConfig("primary", settings), primaryIngest.hub(),
        settings.stream(), packagerMetrics));
    PackagerComponent backupPackager = components.add(new PackagerComponent(
        "packager-backup", packagerConfig("backup", settings), backupIngest.hub(),
        settings.stream(), packagerMetrics));
    primaryOrigin = components.add(new OriginComponent("origin-primary",
        OriginCommand.originConfig(settings.primaryDir(), host, settings.primaryPort()),
        new OriginMetrics(registry, "primary"), "--primary-port"));
    backupOrigin = components.add(new OriginComponent("origin-backup",
        OriginCommand.originConfig(settings.backupDir(), host, settings.backupPort()),
        new OriginMetrics(registry, "backup"), "--backup-port"));

    start(primaryIngest);
    start(backupIngest);
    start(primaryPackager);
    start(backupPackager);
    if (publisher != null) {
      // Early: the first segment takes a GOP to fill, while the servers below start.
      start(publisher);
    }
    start(primaryOrigin);
    start(backupOrigin);
    // Each switcher names the other in its multivariant playlist, so both ports are known
    // before either starts: an ephemeral one (tests) is chosen here.
    Map<String, URI> pathways = new LinkedHashMap<>();
    pathways.put("switcher-primary", switcherUrl(host, concrete(settings.httpPort())));
    pathways.put("switcher-backup", switcherUrl(host, concrete(settings.backupHttpPort())));
    SwitcherConfig switcherConfig = settings.switcher()
        .withOrigins(originUrl(host, primaryOrigin.port()), originUrl(host, backupOrigin.port()))
        .withHost(host);
    SwitcherMetricFamilies switcherMetrics = new SwitcherMetricFamilies(registry);
    primarySwitcher = components.add(new SwitcherComponent(switcherConfig
        .withName("switcher-primary").withPathways(pathways)
        .withPort(pathways.get("switcher-primary").getPort()),
        switcherMetrics, registry, components, "--http-port"));
    backupSwitcher = components.add(new SwitcherComponent(switcherConfig
        .withName("switcher-backup").withPathways(pathways)
        .withPort(pathways.get("switcher-backup").getPort()),
        switcherMetrics, registry, components, "--backup-http-port"));
    start(primarySwitcher);
    start(backupSwitcher);
    new LabHandle(pathways, switcherConfig.adminToken()).store(settings.tokenFile());
  }

  private IngestComponent ingest(IngestConfig config, IngestMetrics metrics,
      String portOption) {
    StreamHub hub = new StreamHub(Clock.systemUTC(), metrics, config.gopCacheBytes());
    return new IngestComponent(config, hub, metrics, portOption);
  }

  /** The origins' directories exist before anything is written to them, as volumes would. */
  private void createDirectories() {
    for (Path directory : List.of(settings.primaryDir(), settings.backupDir())) {
      try {
        Files.createDirectories(directory);
      } catch (IOException e) {
        throw new LabException("Cannot create " + directory + " (" + e.getMessage()
            + "); give up a --data-dir it may write.", e);
      }
    }
  }

  private void start(LabComponent component) throws InterruptedException {
    services.add(component);
    component.start();
  }

  /** Where components in this process reach a server bound to {@code host}. */
  private static String loopback(String host) {
    return host.equals("0.0.0.0") ? "127.0.0.1" : host;
  }

  private static URI switcherUrl(String host, int port) {
    return URI.create("http://" + loopback(host) + ":" + port);
  }

  /** {@code port}, or a free one for 0. */
  private static int concrete(int port) {
    if (port != 0) {
      return port;
    }
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new LabException("Cannot find a free port for a switcher (" + e.getMessage()
          + "); give --http-port and --backup-http-port.", e);
    }
  }

  private static URI originUrl(String host, int port) {
    return URI.create("http://" + loopback(host) + ":" + port + "/hls");
  }

  private static PackagerConfig packagerConfig(String name, LabSettings settings) {
    return PackagerConfig.of(name, name.equals("primary") ? settings.primaryDir()
        : settings.backupDir()).withTarget(settings.target()).withWindowSize(settings.window());
  }

  /**
   * Starts one more service that lives and stops with the lab ({@code up --prometheus}); if it
   * fails to start, the lab stops too and the failure is rethrown.
   */
  public void alongside(Service service) throws InterruptedException {
    try {
      services.add(service.start());
    } catch (RuntimeException | InterruptedException e) {
      close();
      throw e;
    }
  }

  /** Something started beside the lab's components. */
  @FunctionalInterface
  public interface Service {
    AutoCloseable start() throws InterruptedException;
  }

  public LabSettings settings() {
    return settings;
  }

  /** ingest-primary's RTMP port. */
  public int rtmpPort() {
    return primaryIngest.port();
  }

  /** ingest-backup's RTMP port. */
  public int backupRtmpPort() {
    return backupIngest.port();
  }

  /** The admin API's view of the components, for tests and the status page. */
  LabComponents components() {
    return components;
  }

  /** switcher-primary's port. */
  public int httpPort() {
    return primarySwitcher.port();
  }

  /** switcher-backup's port. */
  public int backupHttpPort() {
    return backupSwitcher.port();
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
