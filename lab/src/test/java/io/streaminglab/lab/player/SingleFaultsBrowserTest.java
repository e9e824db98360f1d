package io.streaminglab.lab.player;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streaminglab.lab.Lab;
import io.streaminglab.lab.LabSettings;
import io.streaminglab.lab.StreamingLab;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hls.js, on a page of another origin, plays the lab's {@code /hls/live.m3u8} (the stream on
 * both switchers, with content steering) while each component of the redundant chain in turn is
 * stopped and started again with {@code ctl}: no stall, no fatal error, no skipped segment, for
 * every single fault.
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
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();
  private Lab lab;
  private CrossOriginPlayer player;

  @AfterEach
  void stop() throws Exception {
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
    Playlists.awaitSegments(URI.create("http://127.0.0.1:" + lab.httpPort()
        + "/hls/index.m3u8"), 3, WAIT);
    awaitChainWhole();
    player.play(URI.create("http://127.0.0.1:" + lab.httpPort() + "/hls/live.m3u8"));
    player.awaitPlayedTo(4, WAIT);

    for (String component : FAULTS) {
      int from = player.eventCount();
      ctl("stop", component);
      player.awaitPlayedTo(player.currentTime() + DOWN_SECONDS, WAIT);
      ctl("start", component);
      awaitChainWhole();
      player.awaitPlayedTo(player.currentTime() + 4, WAIT);
      PlayerEvidence.assertInvisible(player.events(from), component + " stopped and started");
    }
  }

  /**
   * Until both switchers follow origin-primary with origin-backup healthy beside it, and each
   * sees the other up.
   */
  private void awaitChainWhole() {
    await("both switchers on origin-primary with origin-backup healthy").atMost(WAIT)
        .pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
          for (int port : List.of(lab.httpPort(), lab.backupHttpPort())) {
            JsonNode health = health(port);
            boolean whole = health.path("status").asText().equals("ok")
                && health.path("active").asText().equals("primary")
                && health.path("origins").path("backup").path("state").asText()
                    .equals("standby");
            for (JsonNode pathway : health.path("pathways")) {
              whole &= !pathway.asText().equals("down");
            }
            if (!whole) {
              return false;
            }
          }
          return true;
        });
  }

  private JsonNode health(int port) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + port + "/healthz")).timeout(Duration.ofSeconds(5))
        .build(), HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  /** ctl as a user runs it, through what up stored: it reaches the lab via either switcher. */
  private void ctl(String... args) {
    StringWriter err = new StringWriter();
    String[] full = new String[args.length + 3];
    full[0] = "ctl";
    System.arraycopy(args, 0, full, 1, args.length);
    full[args.length + 1] = "--data-dir";
    full[args.length + 2] = dir.toString();
    int status = StreamingLab.run(full, Map.of(), new PrintWriter(new StringWriter(), true),
        new PrintWriter(err, true));
    assertThat(status).as("ctl %s: %s", String.join(" ", args), err).isZero();
  }
}
