package io.streaminglab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.streaminglab.ingest.IngestConfig;
import io.streaminglab.ingest.IngestMetrics;
import io.streaminglab.ingest.hub.StreamHub;
import io.streaminglab.origin.OriginMetrics;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lifecycle the ingest and the origins share: a real server, stopped and started again. */
class ServerComponentTest {
  @TempDir
  Path dir;

  @Test
  void anOriginStartedOnAnyPortComesBackOnTheSamePortAfterAStop() throws Exception {
    try (OriginComponent origin = new OriginComponent("origin-primary",
        OriginCommand.originConfig(dir, "127.0.0.1", 0),
        new OriginMetrics(new PrometheusRegistry(), "primary"), "--primary-port")) {
      origin.start();
      int port = origin.port();
      assertThat(port).isPositive();
      assertThat(origin.status().detail()).isEqualTo(":" + port + " serving " + dir);

      origin.stop();
      assertThat(origin.status().running()).isFalse();
      assertThatThrownBy(() -> connect(port)).isInstanceOf(ConnectException.class);

      origin.start();
      assertThat(origin.port()).isEqualTo(port);
      connect(port);
    }
  }

  @Test
  void theIngestRemembersItsPortAndNamesItInItsDetail() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    IngestMetrics metrics = new IngestMetrics(registry);
    IngestConfig config = IngestConfig.defaults().withHost("127.0.0.1").withPort(0);
    try (IngestComponent ingest = new IngestComponent(config,
        new StreamHub(Clock.systemUTC(), metrics, config.gopCacheBytes()), metrics,
        "--rtmp-port")) {
      assertThat(ingest.port()).as("the configured port before the first start").isZero();

      ingest.start();
      int port = ingest.port();
      ingest.stop();
      ingest.start();

      assertThat(port).isPositive();
      assertThat(ingest.port()).isEqualTo(port);
      assertThat(ingest.status().detail()).isEqualTo("rtmp://127.0.0.1:" + port);
      connect(port);
    }
  }

  private static void connect(int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
    }
  }
}
