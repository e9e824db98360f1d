package io.streaminglab.switcher;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.streaminglab.ingest.IngestConfig;
import io.streaminglab.ingest.IngestMetrics;
import io.streaminglab.ingest.RtmpIngestServer;
import io.streaminglab.ingest.hub.StreamHub;
import io.streaminglab.ingest.hub.Subscription;
import io.streaminglab.packager.Packager;
import io.streaminglab.packager.PackagerConfig;
import io.streaminglab.packager.PackagerMetrics;
import io.streaminglab.testkit.PeerProcess;
import io.streaminglab.testkit.TestPublisher;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A live stream for the switcher's end-to-end tests: the real ingest, fed by ffmpeg, and
 * packagers reading its hub, each of which can be stopped and started (a stale origin).
 */
final class LiveLab implements AutoCloseable {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PackagerMetrics packagerMetrics = new PackagerMetrics(registry);
  private final StreamHub hub;
  private final RtmpIngestServer ingest;
  private final PeerProcess publisher;

  LiveLab(int seconds) throws Exception {
    IngestMetrics metrics = new IngestMetrics(registry);
    hub = new StreamHub(Clock.systemUTC(), metrics, 16 << 20);
    ingest = new RtmpIngestServer(IngestConfig.defaults().withPort(0), hub, metrics).start();
    publisher = TestPublisher.start(rtmpUrl(), seconds);
  }

  String rtmpUrl() {
    return "rtmp://127.0.0.1:" + ingest.port() + "/mystream";
  }

  /** A packager writing {@code directory} until the returned handle is closed. */
  AutoCloseable packager(String name, Path directory) throws IOException {
    Packager packager = new Packager(PackagerConfig.of(name, directory), packagerMetrics,
        Clock.systemUTC()).start();
    Subscription subscription = hub.subscribe("mystream", packager);
    return () -> {
      subscription.close();
      packager.close();
    };
  }

  @Override
  public void close() {
    publisher.close();
    ingest.close();
  }
}
