package io.streaminglab.lab;

import io.streaminglab.ingest.hub.StreamHub;
import io.streaminglab.ingest.hub.Subscription;
import io.streaminglab.packager.Packager;
import io.streaminglab.packager.PackagerConfig;
import io.streaminglab.packager.PackagerMetrics;

/**
 * {@code packager-primary} or {@code packager-backup}: reads the hub in-process and writes its
 * own directory. Stopped, it writes nothing more while its origin keeps serving the last
 * playlist, which goes stale: the fault of a dead packager behind a live origin.
 */
final class PackagerComponent extends LabComponent {
  private final PackagerConfig config;
  private final StreamHub hub;
  private final String stream;
  private final PackagerMetrics metrics;
  private Packager packager;
  private Subscription subscription;

  PackagerComponent(String name, PackagerConfig config, StreamHub hub, String stream,
      PackagerMetrics metrics) {
    super(name);
    this.config = config;
    this.hub = hub;
    this.stream = stream;
    this.metrics = metrics;
  }

  @Override
  void doStart() {
    packager = PackagerCommand.startPackager(config, metrics);
    subscription = hub.subscribe(stream, packager);
  }

  @Override
  void doStop() {
    subscription.close();
    packager.close();
    subscription = null;
    packager = null;
  }

  @Override
  String detail() {
    return "'" + stream + "' into " + config.directory();
  }
}
