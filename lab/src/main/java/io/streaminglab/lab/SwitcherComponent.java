package io.streaminglab.lab;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.streaminglab.switcher.ComponentControl;
import io.streaminglab.switcher.Switcher;
import io.streaminglab.switcher.SwitcherConfig;
import io.streaminglab.switcher.SwitcherMetricFamilies;
import io.streaminglab.switcher.SwitcherServer;
import java.time.Clock;

/**
 * {@code switcher-primary} or {@code switcher-backup}: a switcher and its HTTP server, in
 * front of both origins. Stopped, its port closes: its players lose it and move to the other
 * switcher (their multivariant playlist names both); started, it watches the origins afresh
 * and serves the same playlist as the other again.
 */
final class SwitcherComponent extends ServerComponent<SwitcherComponent.Running> {
  private final SwitcherConfig config;
  private final SwitcherMetricFamilies families;
  private final PrometheusRegistry registry;
  private final ComponentControl components;
  private final String portOption;
  private volatile Running running;

  /** A switcher with the server in front of it. */
  static final class Running {
    private final Switcher switcher;
    private final SwitcherServer server;
    private volatile boolean closed;

    Running(Switcher switcher, SwitcherServer server) {
      this.switcher = switcher;
      this.server = server;
    }

    Switcher switcher() {
      return switcher;
    }

    SwitcherServer server() {
      return server;
    }

    void close() {
      closed = true;
      server.close();
      switcher.close();
    }
  }

  /**
   * @param config its settings, its port and name included
   * @param registry what its /metrics serves: the lab's, every component's
   * @param portOption the option that sets its port, for the error when the port is taken
   */
  SwitcherComponent(SwitcherConfig config, SwitcherMetricFamilies families,
      PrometheusRegistry registry, ComponentControl components, String portOption) {
    super(config.name(), config.port(), r -> r.server().port(), Running::close);
    this.config = config;
    this.families = families;
    this.registry = registry;
    this.components = components;
    this.portOption = portOption;
  }

  @Override
  Running startServer(int port) throws InterruptedException {
    Switcher switcher = new Switcher(config.withPort(port), families, Clock.systemUTC())
        .start();
    try {
      running = new Running(switcher, SwitcherCommand.startServer(switcher, registry,
          components, portOption));
      return running;
    } catch (RuntimeException e) {
      switcher.close();
      throw e;
    }
  }

  @Override
  boolean servesControl() {
    return true;
  }

  SwitcherConfig config() {
    return config;
  }

  @Override
  String detail() {
    Running now = running;
    String url = "http://" + config.host() + ":" + port();
    if (now == null || now.closed) {
      return url;
    }
    return url + ", following " + now.switcher().view().active().label();
  }
}
