package io.streaminglab.switcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streaminglab.hls.PlaylistParser;
import io.streaminglab.switcher.FailoverPolicy.Switch;
import io.streaminglab.testkit.ManualClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusReportTest {
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ManualClock clock = new ManualClock(T0);
  private final StatusHistory history = StatusHistory.defaults(clock);
  private final SwitcherConfig config = SwitcherConfig.of(URI.create("http://127.0.0.1:1/hls"),
      URI.create("http://127.0.0.1:2/hls"), "0123456789abcdef0123456789abcdef")
      .withChecks(Duration.ofSeconds(1), Duration.ofSeconds(20), 2);

  /** After a failover: the primary refuses connections, the backup serves. */
  private Switcher.View afterFailover() throws Exception {
    var playlist = PlaylistParser.parse("#EXTM3U\n#EXT-X-TARGETDURATION:2\n"
        + "#EXT-X-MEDIA-SEQUENCE:40\n#EXTINF:2.0,\nseg-40.ts\n#EXTINF:2.0,\nseg-41.ts\n");
    Switch failover = new Switch(Switch.Kind.FAILOVER, Origin.BACKUP,
        "primary refused the connection for 2 checks; backup is healthy", T0.plusSeconds(3));
    return new Switcher.View(Origin.BACKUP, null, playlist, null, Map.of(),
        new Switcher.OriginView[] {
            new Switcher.OriginView(Origin.PRIMARY, false, false, "refused the connection",
                Duration.ofMillis(7400), PollResult.failed(0, "refused the connection",
                Duration.ofMillis(2)), T0.plusSeconds(4), 38, 43, 3, 120),
            new Switcher.OriginView(Origin.BACKUP, true, true, "healthy", Duration.ofMillis(2100),
                PollResult.ok(200, playlist, Duration.ofMillis(1)), T0.plusSeconds(4), 40, 41, 0,
                121)},
        1, 0, failover, T0.plusSeconds(4), T0.plusSeconds(4), Origin.PRIMARY, null);
  }

  private JsonNode report(Instant since) throws Exception {
    return JSON.readTree(StatusReport.json(afterFailover(), config, history, since,
        List.of(new ComponentStatus("origin-primary", false, "stopped by the admin API"),
            new ComponentStatus("origin-backup", true, ":8082"))));
  }

  @Test
  void theReportSaysWhichOriginServesAndHowEachOneIs() throws Exception {
    JsonNode root = report(null);

    assertThat(root.get("status").asText()).isEqualTo("ok");
    assertThat(root.get("active").asText()).isEqualTo("backup");
    assertThat(root.get("at").asLong()).isEqualTo(T0.plusSeconds(4).toEpochMilli());
    JsonNode primary = root.get("origins").get("primary");
    assertThat(primary.get("state").asText()).isEqualTo("unhealthy");
    assertThat(primary.get("reason").asText()).isEqualTo("refused the connection");
    assertThat(primary.get("segmentAgeSeconds").asDouble()).isEqualTo(7.4);
    assertThat(primary.get("lastPoll").get("status").asInt()).isZero();
    assertThat(primary.get("lastPoll").get("error").asText()).isEqualTo("refused the connection");
    assertThat(primary.get("lastPoll").get("latencyMs").asDouble()).isEqualTo(2.0);
    assertThat(primary.get("http5xx").asLong()).isEqualTo(3);
    JsonNode backup = root.get("origins").get("backup");
    assertThat(backup.get("state").asText()).isEqualTo("active");
    assertThat(backup.get("lastPoll").get("status").asInt()).isEqualTo(200);
    assertThat(backup.get("lastPoll").get("error").isNull()).isTrue();
    assertThat(root.get("counters").get("failovers").asLong()).isEqualTo(1);
  }

  @Test
  void theSettingsCarryTheThresholdsThePageDrawsAgainst() throws Exception {
    JsonNode settings = report(null).get("settings");

    assertThat(settings.get("segmentAgeThresholdSeconds").asDouble()).isEqualTo(20.0);
    assertThat(settings.get("requiredWindows").asInt()).isEqualTo(2);
    assertThat(settings.get("targetDurationSeconds").asInt()).isEqualTo(2);
    assertThat(settings.get("staleAfterSeconds").asDouble()).isEqualTo(3.0);
    assertThat(settings.get("historySeconds").asDouble()).isEqualTo(600.0);
  }

  @Test
  void theTimelineListsTheSwitchesWithTheirReasons() throws Exception {
    history.switched(afterFailover().lastSwitch());
    history.switched(new Switch(Switch.Kind.SWITCHBACK, Origin.PRIMARY,
        "primary healthy for 2 checks", T0.plusSeconds(20)));

    JsonNode switches = report(null).get("switches");

    assertThat(switches).hasSize(2);
    assertThat(switches.get(0).get("kind").asText()).isEqualTo("failover");
    assertThat(switches.get(0).get("to").asText()).isEqualTo("backup");
    assertThat(switches.get(0).get("reason").asText()).contains("refused the connection");
    assertThat(switches.get(0).get("at").asLong()).isEqualTo(T0.plusSeconds(3).toEpochMilli());
    assertThat(switches.get(1).get("kind").asText()).isEqualTo("switchback");
  }

  @Test
  void theHistoryComesAsColumnsWithNullForUnknownAges() throws Exception {
    history.sample(StatusHistoryTest.view(Origin.PRIMARY, Duration.ofMillis(2500), null, true));
    clock.advance(Duration.ofSeconds(1));
    history.sample(StatusHistoryTest.view(Origin.BACKUP, null, Duration.ofMillis(2100), false));

    JsonNode all = report(null).get("history");
    assertThat(all.get("t")).hasSize(2);
    assertThat(all.get("t").get(0).asLong()).isEqualTo(T0.toEpochMilli());
    assertThat(all.get("active").get(0).asInt()).isEqualTo(1);
    assertThat(all.get("active").get(1).asInt()).isZero();
    assertThat(all.get("primaryAge").get(0).asDouble()).isEqualTo(2.5);
    assertThat(all.get("primaryAge").get(1).isNull()).isTrue();
    assertThat(all.get("backupAge").get(1).asDouble()).isEqualTo(2.1);

    JsonNode later = report(T0).get("history");
    assertThat(later.get("t")).hasSize(1);
    assertThat(later.get("t").get(0).asLong()).isEqualTo(T0.plusSeconds(1).toEpochMilli());
  }

  @Test
  void componentsShowOnlyTheirNamesAndWhetherTheyRun() throws Exception {
    JsonNode components = report(null).get("components");

    assertThat(components).hasSize(2);
    assertThat(components.get(0).get("name").asText()).isEqualTo("origin-primary");
    assertThat(components.get(0).get("running").asBoolean()).isFalse();
    assertThat(components.get(0).has("detail")).as("details stay behind the token").isFalse();
  }
}
