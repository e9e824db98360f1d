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
final class IngestComponent extends LabComponent {
  private final StreamHub hub;
  private final IngestMetrics metrics;
  private IngestConfig config;
  private RtmpIngestServer server;

  IngestComponent(IngestConfig config, StreamHub hub, IngestMetrics metrics) {
    super("ingest");
    this.config = config;
    this.hub = hub;
    this.metrics = metrics;
  }

  @Override
  void doStart() throws InterruptedException {
    server = IngestCommand.start(new RtmpIngestServer(config, hub, metrics), "--rtmp-port");
    // A restart binds the port the first start got, also when that was an ephemeral one.
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
    return "rtmp://" + config.host() + ":" + config.port();
  }
}
