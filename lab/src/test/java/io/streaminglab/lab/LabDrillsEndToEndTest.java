package io.streaminglab.lab;

import static io.streaminglab.lab.FailoverDrill.seconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streaminglab.probe.ProbeEvent;
import io.streaminglab.probe.ProbeReport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failover drills of the README on {@code up} with its built-in publisher: each runs under
 * a probe that plays the switcher's URL as a player would. The publisher needs no ffmpeg; the
 * probe decode-checks segments when ffprobe is present.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabDrillsEndToEndTest {
  /** Long enough for a failover, the switcher's 10 s dwell and a switchback, with room. */
  private static final Duration DRILL = seconds(45);

  @TempDir
  static Path dir;

  private Lab lab;

  @BeforeAll
  void startLab() throws Exception {
    lab = Lab.start(LabSettings.ephemeral(dir).withPublisher(true));
    try (FailoverDrill drill = new FailoverDrill(lab)) {
      await().atMost(seconds(60)).ignoreExceptions()
          .until(() -> drill.health().path("playlist").path("lastSequence").asLong()
              - drill.health().path("playlist").path("mediaSequence").asLong() >= 2);
    }
  }

  @AfterAll
  void stopLab() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  @Order(1)
  void stoppingAndStartingOriginPrimaryIsInvisibleToAViewer() throws Exception {
    try (FailoverDrill drill = new FailoverDrill(lab)) {
      long failovers = drill.failovers();
      long switchbacks = drill.switchbacks();
      drill.startProbe(DRILL);

      assertThat(drill.ctl("stop", "origin-primary")).contains("origin-primary: stopped");
      await().atMost(seconds(30)).until(() -> drill.failovers() == failovers + 1);
      assertThat(drill.active()).isEqualTo("backup");
      assertThat(drill.ctl("status")).containsPattern("origin-primary +STOPPED");
      drill.ctl("start", "origin-primary");
      await().atMost(seconds(40)).until(() -> drill.switchbacks() == switchbacks + 1);

      ProbeReport report = drill.report();
      FailoverDrill.assertInvisible(report);
      assertThat(report.discontinuities()).isZero();
      assertThat(drill.active()).isEqualTo("primary");
    }
  }

  @Test
  @Order(2)
  void stoppingAndStartingPackagerPrimaryIsInvisibleToAViewer() throws Exception {
    try (FailoverDrill drill = new FailoverDrill(lab)) {
      long failovers = drill.failovers();
      long switchbacks = drill.switchbacks();
      drill.startProbe(DRILL);

      drill.ctl("stop", "packager-primary");
      await().atMost(seconds(30)).until(() -> drill.failovers() == failovers + 1);
      assertThat(drill.health().path("origins").path("primary").path("reason").asText())
          .contains("stale");
      drill.ctl("start", "packager-primary");
      await().atMost(seconds(40)).until(() -> drill.switchbacks() == switchbacks + 1);

      FailoverDrill.assertInvisible(drill.report());
    }
  }

  @Test
  @Order(3)
  void stoppingThePublisherStallsOnlyWhileNothingIsPublishedThenPlaysOn() throws Exception {
    try (FailoverDrill drill = new FailoverDrill(lab)) {
      drill.startProbe(seconds(50));

      drill.ctl("stop", "publisher");
      Instant stopped = Instant.now();
      await().atMost(seconds(30)).until(() -> drill.events().stream()
          .anyMatch(e -> e.type() == ProbeEvent.Type.STALL_STARTED));
      drill.ctl("start", "publisher");
      Duration silence = Duration.between(stopped, Instant.now());

      drill.assertStallOnlyWhileSilent(silence);
    }
  }
}
