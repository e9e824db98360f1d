package io.streaminglab.lab.player;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streaminglab.lab.Lab;
import io.streaminglab.lab.LabSettings;
import io.streaminglab.probe.ProbeEvent;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hls.js, on a page of another origin, plays the lab's {@code /hls/live.m3u8} (the stream on
 * both switchers, with content steering) while each component of the redundant chain in turn is
 * stopped and started again with {@code ctl}: no stall, no fatal error, no skipped segment, for
 * every single fault. The probe plays the same URL meanwhile and must see nothing either; when
 * the switcher both play from dies, both must have moved to the other.
 */
class SingleFaultsBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(120);
  /** How long each component stays down: long enough for every detection to have happened. */
  private static final double DOWN_SECONDS = 12;
  /**
   * Every component once. The player starts on switcher-primary's pathway; switcher-backup is
   * stopped first, switcher-primary last: hls.js keeps a pathway that failed out of its choices
   * for five minutes whatever the steering manifest says, so after switcher-primary's fault has
   * moved it, it could not come back for a fault of switcher-backup within those five minutes
   * (docs/redundant-switchers.md).
   */
  private static final List<String> FAULTS = List.of("ingest-primary", "ingest-backup",
      "packager-primary", "packager-backup", "origin-primary", "origin-backup",
      "switcher-backup", "switcher-primary");

  @TempDir
  Path dir;

  private Lab lab;
  private LabChain chain;
  private CrossOriginPlayer player;

  /** What a viewer would have seen: a stall, a lost, repeated or misdated segment. */
  private static final Set<ProbeEvent.Type> VISIBLE = EnumSet.of(
      ProbeEvent.Type.STALL_STARTED, ProbeEvent.Type.SEGMENT_LOST, ProbeEvent.Type.REGRESSION,
      ProbeEvent.Type.REPEATED_SEGMENT, ProbeEvent.Type.DISCONTINUITY_SEQUENCE_MISMATCH,
      ProbeEvent.Type.PDT_GAP);

  private BackgroundProbe probe;

  @AfterEach
  void stop() throws Exception {
    if (probe != null) {
      probe.close();
    }
    if (player != null) {
      player.close();
    }
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void eachComponentStoppedAndStartedInTurnIsInvisibleToHlsJs() throws Exception {
    player = CrossOriginPlayer.start();
    lab = Lab.start(LabSettings.ephemeral(dir).withPublisher(true));
    chain = new LabChain(lab, dir);
    Playlists.awaitSegments(URI.create("http://127.0.0.1:" + lab.httpPort()
        + "/hls/index.m3u8"), 3, WAIT);
    awaitChainWhole();
    URI live = URI.create("http://127.0.0.1:" + lab.httpPort() + "/hls/live.m3u8");
    player.play(live);
    probe = BackgroundProbe.start(live, Duration.ofMinutes(20), WAIT);
    player.awaitPlayedTo(4, WAIT);

    for (String component : FAULTS) {
      int from = player.eventCount();
      int probeFrom = probe.size();
      ctl("stop", component);
      player.awaitPlayedTo(player.currentTime() + DOWN_SECONDS, WAIT);
      ctl("start", component);
      awaitChainWhole();
      // Aligned origins again: both switchers serve one playlist, whatever each went through.
      Playlists.awaitSame(URI.create("http://127.0.0.1:" + lab.httpPort() + "/hls/index.m3u8"),
          URI.create("http://127.0.0.1:" + lab.backupHttpPort() + "/hls/index.m3u8"),
          Duration.ofSeconds(30));
      player.awaitPlayedTo(player.currentTime() + 4, WAIT);
      String what = component + " stopped and started";
      PlayerEvidence.assertInvisible(player.events(from), what);
      List<ProbeEvent> seen = probe.from(probeFrom);
      assertThat(seen).as("what the probe saw of %s", what)
          .noneMatch(e -> VISIBLE.contains(e.type()));
      if (component.equals("switcher-primary")) {
        String backup = "127.0.0.1:" + lab.backupHttpPort();
        assertThat(PlayerEvidence.servers(player.events(from))).as("hls.js moved").last()
            .isEqualTo(backup);
        assertThat(seen).as("the probe moved")
            .anyMatch(e -> e.type() == ProbeEvent.Type.FAILOVER);
      }
    }
  }

  /** Until both switchers follow origin-primary again, each seeing the other up. */
  private void awaitChainWhole() {
    await("both switchers on origin-primary with origin-backup healthy").atMost(WAIT)
        .pollInterval(Duration.ofMillis(500)).until(chain::whole);
  }

  private void ctl(String action, String component) {
    chain.ctl(action, component);
  }
}
