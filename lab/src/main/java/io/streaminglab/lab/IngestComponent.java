package io.streaminglab.lab;

import io.streaminglab.ingest.IngestConfig;
import io.streaminglab.ingest.IngestMetrics;
import io.streaminglab.ingest.RtmpIngestServer;
import io.streaminglab.ingest.hub.StreamHub;

/**
 * {@code ingest}: the RTMP server in front of the lab's hub. Stopped, its port closes and every
 * publisher and player is disconnected; the hub and its readers (the packagers) stay, so a
 * publisher that comes back continues the same playlists after a discontinuity.
 */
final class IngestComponent extends ServerComponent<RtmpIngestServer> {
  private final IngestConfig config;
  private final StreamHub hub;
  private final IngestMetrics metrics;

  IngestComponent(IngestConfig config, StreamHub hub, IngestMetrics metrics) {
    super("ingest", config.port(), RtmpIngestServer::port, RtmpIngestServer::close);
    this.config = config;
    this.hub = hub;
    this.metrics = metrics;
  }

  @Override
  RtmpIngestServer startServer(int port) throws InterruptedException {
    return IngestCommand.start(new RtmpIngestServer(config.withPort(port), hub, metrics),
        "--rtmp-port");
  }

  @Override
  String detail() {
    return "rtmp://" + config.host() + ":" + port();
  }
}
