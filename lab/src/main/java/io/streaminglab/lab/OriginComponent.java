package io.streaminglab.lab;

import io.streaminglab.origin.OriginConfig;
import io.streaminglab.origin.OriginMetrics;
import io.streaminglab.origin.OriginServer;

/**
 * {@code origin-primary} or {@code origin-backup}: a static HLS server over one packager's
 * directory. Stopped, its port closes and connections are refused, as for a dead process.
 */
final class OriginComponent extends ServerComponent<OriginServer> {
  private final OriginConfig config;
  private final OriginMetrics metrics;
  private final String portOption;

  OriginComponent(String name, OriginConfig config, OriginMetrics metrics, String portOption) {
    super(name, config.port(), OriginServer::port, OriginServer::close);
    this.config = config;
    this.metrics = metrics;
    this.portOption = portOption;
  }

  @Override
  OriginServer startServer(int port) throws InterruptedException {
    return OriginCommand.startOrigin(config.withPort(port), metrics, portOption);
  }

  @Override
  String detail() {
    return ":" + port() + " serving " + config.directory();
  }
}
