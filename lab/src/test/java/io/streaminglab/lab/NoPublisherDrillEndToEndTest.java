package io.streaminglab.lab;

import static io.streaminglab.lab.FailoverDrill.seconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streaminglab.probe.ProbeEvent;
import io.streaminglab.testkit.ExternalTool;
import io.streaminglab.testkit.PeerProcess;
import io.streaminglab.testkit.TestPublisher;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code up --no-publisher} with ffmpeg publishing, as a user with OBS or ffmpeg runs it: the
 * lab has no publisher component, an origin drill is as invisible as with the built-in one, and
 * a publisher that goes away and returns is a stall, then a discontinuity and playback again.
 */
class NoPublisherDrillEndToEndTest {
  @TempDir
  Path dir;

  private Lab lab;
  private PeerProcess ffmpeg;

  @BeforeEach
  void startLabAndPublish() throws Exception {
    ExternalTool.FFMPEG.require();
    lab = Lab.start(LabSettings.ephemeral(dir));
    ffmpeg = publish();
  }

  private PeerProcess publish() {
    return TestPublisher.startRedundant(List.of(
        "rtmp://127.0.0.1:" + lab.rtmpPort() + "/mystream",
        "rtmp://127.0.0.1:" + lab.backupRtmpPort() + "/mystream"), 300);
  }

  @AfterEach
  void stop() {
    if (ffmpeg != null) {
      ffmpeg.close();
    }
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void anOriginDrillAndAPublisherRestartBehaveAsWithTheBuiltInPublisher() throws Exception {
    try (FailoverDrill drill = new FailoverDrill(lab)) {
      assertThat(drill.ctl("status")).doesNotContain("publisher ").contains("origin-primary");
      await().atMost(seconds(60)).ignoreExceptions()
          .until(() -> drill.health().path("playlist").path("lastSequence").asLong()
              - drill.health().path("playlist").path("mediaSequence").asLong() >= 2);

      drill.startProbe(seconds(40));
      drill.ctl("stop", "origin-primary");
      await().atMost(seconds(30)).until(() -> drill.failovers() == 1);
      drill.ctl("start", "origin-primary");
      await().atMost(seconds(40)).until(() -> drill.switchbacks() == 1);
      FailoverDrill.assertInvisible(drill.report());
    }

    try (FailoverDrill drill = new FailoverDrill(lab)) {
      drill.startProbe(seconds(45));
      ffmpeg.close();
      Instant stopped = Instant.now();
      await().atMost(seconds(30)).until(() -> drill.events().stream()
          .anyMatch(e -> e.type() == ProbeEvent.Type.STALL_STARTED));
      ffmpeg = publish();
      drill.assertStallOnlyWhileSilent(Duration.between(stopped, Instant.now()));
    }
  }
}
