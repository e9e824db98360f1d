package io.streaminglab.packager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.streaminglab.ingest.hub.MediaFrame;
import java.nio.file.Files;
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

  @Test
  void aFrameDeliveredOnTheSharedThreadIsPackagedBeforeTheCallReturns() throws Exception {
    try (Packager packager = packager().start(shared)) {
      // One task on the shared thread, as an RTMP read is: had the packager queued the frames
      // behind it, no playlist could exist before the task ends.
      String playlist = shared.submit(() -> {
        packager.onSessionStart(TestStream.anchor(1, 1_000_000));
        packager.onFrame(TestStream.videoConfig());
        packager.onFrame(TestStream.audioConfig());
        for (MediaFrame frame : TestStream.frames(0, 2_040, 2_000)) {
          packager.onFrame(frame);
        }
        return Files.readString(dir.resolve("index.m3u8"));
      }).get(10, TimeUnit.SECONDS);

      assertThat(playlist).contains("#EXTINF:2.000,\nseg-500.ts");
    }
  }
}
