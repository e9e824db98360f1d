package io.streaminglab.lab;

import io.streaminglab.ingest.IngestConfig;
import io.streaminglab.ingest.IngestMetrics;
import io.streaminglab.ingest.RtmpIngestServer;
import io.streaminglab.ingest.hub.StreamHub;

/**
 * {@code ingest-primary} or {@code ingest-backup}: an RTMP server in front of a hub of its own.
 * Stopped, its port closes and every publisher and player is disconnected; the hub and its
 * reader (its packager) stay, so a publisher that comes back continues the same playlists after
 * a discontinuity, while the other ingest's chain goes on untouched.
 */
final class IngestComponent extends ServerComponent<RtmpIngestServer> {
  private final IngestConfig config;
  private final StreamHub hub;
  private final IngestMetrics metrics;
  private final String portOption;

  /**
   * @param config its settings, port included
   * @param metrics its metrics, which name it
   * @param portOption the option that sets its port, for the error when the port is taken
   */
  IngestComponent(IngestConfig config, StreamHub hub, IngestMetrics metrics, String portOption) {
    super(metrics.ingest(), config.port(), RtmpIngestServer::port, RtmpIngestServer::close);
    this.config = config;
    this.hub = hub;
    this.metrics = metrics;
    this.portOption = portOption;
  }

  StreamHub hub() {
    return hub;
  }

  @Override
  RtmpIngestServer startServer(int port) throws InterruptedException {
    return IngestCommand.start(new RtmpIngestServer(config.withPort(port), hub, metrics),
        portOption);
  }

  @Override
  String detail() {
    return "rtmp://" + config.host() + ":" + port();
  }
}
