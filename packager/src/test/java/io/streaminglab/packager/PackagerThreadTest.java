package io.streaminglab.packager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who owns the thread a packager runs on, and what closing it does to that thread. */
class PackagerThreadTest {
  @TempDir
  Path dir;

  private final ScheduledExecutorService shared = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stopShared() {
    shared.shutdownNow();
  }

  private Packager packager() throws Exception {
    return new Packager(PackagerConfig.of("test", dir), new PackagerMetrics(
        new PrometheusRegistry()), Clock.systemUTC());
  }

  @Test
  void closingAPackagerOnASharedThreadLeavesThatThreadRunning() throws Exception {
    Packager packager = packager().start(shared);

    packager.close();

    assertThat(shared.isShutdown()).isFalse();
    assertThat(shared.submit(() -> "still running").get(10, TimeUnit.SECONDS))
        .isEqualTo("still running");
  }

  @Test
  void aPackagerStartsOnce() throws Exception {
    try (Packager packager = packager().start(shared)) {
      assertThatThrownBy(packager::start).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already started");
      assertThatThrownBy(() -> packager.start(shared))
          .isInstanceOf(IllegalStateException.class);
    }
  }
}
