package io.streaminglab.lab;

import io.streaminglab.origin.OriginConfig;
import io.streaminglab.origin.OriginMetrics;
import io.streaminglab.origin.OriginServer;

/**
 * {@code origin-primary} or {@code origin-backup}: a static HLS server over one packager's
 * directory. Stopped, its port closes and connections are refused, as for a dead process.
 */
final class OriginComponent extends LabComponent {
  private final OriginMetrics metrics;
  private final String portOption;
  private OriginConfig config;
  private OriginServer server;

  OriginComponent(String name, OriginConfig config, OriginMetrics metrics, String portOption) {
    super(name);
    this.config = config;
    this.metrics = metrics;
    this.portOption = portOption;
  }

  @Override
  void doStart() throws InterruptedException {
    server = OriginCommand.startOrigin(config, metrics, portOption);
    config = config.withPort(server.port());
  }

  @Override
  void doStop() {
    server.close();
    server = null;
  }

  synchronized int port() {
    return config.port();
  }

  @Override
  String detail() {
    return ":" + config.port() + " serving " + config.directory();
  }
}
