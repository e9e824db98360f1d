package io.streaminglab.lab.player;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.streaminglab.lab.Lab;
import io.streaminglab.lab.LabCrash;
import io.streaminglab.lab.LabSettings;
import io.streaminglab.lab.publish.ClipPublisher;
import io.streaminglab.lab.publish.LiveTimeline;
import io.streaminglab.lab.publish.LoopingClip;
import io.streaminglab.probe.ProbeEvent;
import io.streaminglab.rtmp.client.RtmpUrl;
import io.streaminglab.testkit.ExternalTool;
import io.streaminglab.testkit.TestPublisher;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The redundant chain at its limits, with hls.js on a page of another origin and the probe
 * playing {@code /hls/live.m3u8}: a publisher that reaches only one ingest, two publishers split
 * across the ingests, and both switchers down. Each gets its clear answer (the switchers' view
 * in /healthz, a refusal from ctl), nothing crashes, and playback goes on, or resumes by itself
 * once a component returns.
 */
class RedundantChainLimitsBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(120);
  /** What a viewer would have seen of a fault the chain must hide. */
  private static final Set<ProbeEvent.Type> VISIBLE = EnumSet.of(
      ProbeEvent.Type.STALL_STARTED, ProbeEvent.Type.SEGMENT_LOST, ProbeEvent.Type.REGRESSION,
      ProbeEvent.Type.REPEATED_SEGMENT, ProbeEvent.Type.DISCONTINUITY_SEQUENCE_MISMATCH);

  @TempDir
  Path dir;

  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
      NioIoHandler.newFactory());
  private final List<AutoCloseable> publishers = new ArrayList<>();
  private BackgroundProbe probe;
  private Lab lab;
  private LabChain chain;
  private CrossOriginPlayer player;

  @AfterEach
  void stop() throws Exception {
    if (probe != null) {
      probe.close();
    }
    if (player != null) {
      player.close();
    }
    for (AutoCloseable publisher : publishers) {
      publisher.close();
    }
    if (lab != null) {
      lab.close();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
  }

  @Test
  void aPublisherThatReachesOneIngestIsPlayedFromThatChainAndTheOtherJoinsAlignedLater()
      throws Exception {
    startLab(false);
    LiveTimeline timeline = new LiveTimeline(LoopingClip.builtIn());
    publish(timeline, lab.rtmpPort());
    play();

    JsonNode health = chain.health(lab.httpPort());
    assertThat(health.path("active").asText()).isEqualTo("primary");
    assertThat(health.path("status").asText()).isEqualTo("ok");
    assertThat(health.path("origins").path("backup").path("healthy").asBoolean(true)).isFalse();
    assertThat(health.path("origins").path("backup").path("reason").asText()).isNotBlank();
    int from = player.eventCount();
    int probeFrom = probe.size();

    // The encoder reaches ingest-backup at last: its chain joins, aligned from its first cut,
    // and a fault of the primary chain is then as invisible as ever.
    publish(timeline, lab.backupRtmpPort());
    await("both switchers on origin-primary with origin-backup healthy").atMost(WAIT)
        .pollInterval(Duration.ofMillis(500)).until(chain::whole);
    await("both switchers to find the origins aligned").atMost(WAIT)
        .pollInterval(Duration.ofMillis(500)).until(() -> chain.judged(true));
    chain.ctl("stop", "origin-primary");
    player.awaitPlayedTo(player.currentTime() + 10, WAIT);
    chain.ctl("start", "origin-primary");
    player.awaitPlayedTo(player.currentTime() + 4, WAIT);

    PlayerEvidence.assertInvisible(player.events(from), "the backup ingest's late publisher "
        + "and a stop of origin-primary");
    assertProbeSawNothingFrom(probeFrom);
  }

  @Test
  void twoPublishersSplitAcrossTheIngestsAreReportedUnalignedAndAFailoverSplicesWithoutAStall()
      throws Exception {
    startLab(false);
    // Two encoders: the built-in publisher's clip on ingest-primary, ffmpeg's test pattern
    // (its own timestamps, no clock) on ingest-backup.
    ExternalTool.FFMPEG.require();
    publish(new LiveTimeline(LoopingClip.builtIn()), lab.rtmpPort());
    publishers.add(TestPublisher.start("rtmp://127.0.0.1:" + lab.backupRtmpPort()
        + "/mystream", 300));
    await("both switchers to find the origins not aligned").atMost(WAIT)
        .pollInterval(Duration.ofMillis(500)).until(() -> chain.judged(false));
    assertThat(chain.health(lab.backupHttpPort()).path("notAligned").asText())
        .startsWith("segment ");
    play();
    int from = player.eventCount();
    int probeFrom = probe.size();

    chain.ctl("stop", "origin-primary");
    await("both switchers to follow origin-backup").atMost(WAIT)
        .until(() -> following(lab.httpPort(), "backup") && following(lab.backupHttpPort(),
            "backup"));
    player.awaitPlayedTo(player.currentTime() + 8, WAIT);
    chain.ctl("start", "origin-primary");
    await("both switchers to follow origin-primary again").atMost(WAIT)
        .until(() -> following(lab.httpPort(), "primary") && following(lab.backupHttpPort(),
            "primary"));
    player.awaitPlayedTo(player.currentTime() + 4, WAIT);

    // Spliced, so the player crossed discontinuities; it did not stall or skip.
    PlayerEvidence.assertInvisible(player.events(from), "a failover between unaligned origins");
    assertThat(player.events(from).stream().filter(e -> e.get("cc") != null)
        .map(e -> ((Number) e.get("cc")).intValue()).distinct().count())
        .as("discontinuity counters hls.js saw").isGreaterThanOrEqualTo(2);
    assertProbeSawNothingFrom(probeFrom);
    assertThat(probe.from(probeFrom))
        .anyMatch(e -> e.type() == ProbeEvent.Type.DISCONTINUITY);
  }

  @Test
  void withBothSwitchersDownPlayersStallAndResumeByThemselvesWhenTheyAreBack() throws Exception {
    startLab(true);
    play();
    chain.ctl("stop", "switcher-backup");
    // ctl will not take down the switcher it reaches the lab through.
    assertThat(chain.ctlRefused("stop", "switcher-primary")).contains(
        "switcher-primary is the last switcher running").contains("start switcher-backup first");
    assertThat(chain.health(lab.httpPort()).path("status").asText()).isEqualTo("ok");

    // As a crash would: both switchers gone, every request refused. hls.js tries
    // switcher-primary, then switcher-backup, and keeps trying the last (both pathways are in
    // its five-minute penalty box); the probe tries both in turn.
    int from = player.eventCount();
    int probeFrom = probe.size();
    Instant down = Instant.now();
    LabCrash.stop(lab, "switcher-primary");
    await("hls.js to stall").atMost(WAIT).until(() -> player.events(from).stream()
        .anyMatch(e -> "stall-start".equals(e.get("type"))));
    await("the probe to stall").atMost(WAIT).until(() -> probe.from(probeFrom).stream().anyMatch(e -> e.type() == ProbeEvent.Type.STALL_STARTED));

    // switcher-primary comes back alone: the probe plays again from it, and ctl reaches the
    // lab again.
    LabCrash.start(lab, "switcher-primary");
    await("the probe to play again").atMost(WAIT).until(() -> probe.from(probeFrom).stream().anyMatch(e -> e.type() == ProbeEvent.Type.STALL_ENDED));
    long seconds = Math.max(1, Duration.between(down, Instant.now()).toSeconds());
    long playlistErrors = probe.from(probeFrom).stream()
        .filter(e -> e.type() == ProbeEvent.Type.PLAYLIST_ERROR).count();
    assertThat(playlistErrors).as("the probe's failed playlist loads in %d s with both "
        + "switchers down: it tries them at the polling pace, not in a loop", seconds)
        .isPositive().isLessThanOrEqualTo(2 * seconds + 4);

    // switcher-backup is started through it, and hls.js, which was waiting on that one, plays.
    double stalledAt = player.currentTime();
    chain.ctl("start", "switcher-backup");
    player.awaitPlayedTo(stalledAt + 6, WAIT);
    await("the chain whole again").atMost(WAIT).pollInterval(Duration.ofMillis(500))
        .until(chain::whole);
    player.awaitPlayedTo(player.currentTime() + 4, WAIT);
    assertThat(player.events(from)).as("hls.js recovered without a page error")
        .noneMatch(e -> "page-error".equals(e.get("type")));
  }

  private void startLab(boolean builtInPublisher) throws Exception {
    player = CrossOriginPlayer.start();
    lab = Lab.start(LabSettings.ephemeral(dir).withPublisher(builtInPublisher));
    chain = new LabChain(lab, dir);
  }

  private void publish(LiveTimeline timeline, int port) {
    publishers.add(new ClipPublisher(group, new RtmpUrl("127.0.0.1", port, "mystream", ""),
        timeline).start());
  }

  /** hls.js and the probe on /hls/live.m3u8, both playing. */
  private void play() throws Exception {
    Playlists.awaitSegments(URI.create("http://127.0.0.1:" + lab.httpPort()
        + "/hls/index.m3u8"), 3, WAIT);
    URI live = URI.create("http://127.0.0.1:" + lab.httpPort() + "/hls/live.m3u8");
    player.play(live);
    probe = BackgroundProbe.start(live, Duration.ofMinutes(10), WAIT);
    player.awaitPlayedTo(4, WAIT);
  }

  private boolean following(int port, String origin) throws Exception {
    JsonNode health = chain.health(port);
    return health.path("active").asText().equals(origin)
        && health.path("playlist").path("following").asText().equals(origin);
  }

  private void assertProbeSawNothingFrom(int from) {
    List<ProbeEvent> seen = probe.from(from);
    assertThat(seen).as("what the probe saw").noneMatch(e -> VISIBLE.contains(e.type()));
  }
}
