package io.streaminglab.lab.player;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streaminglab.lab.Lab;
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

/**
 * A running lab of {@code up} as its operator drives it: {@code ctl} through what {@code up}
 * stored in its data directory, and whether the redundant chain is whole again.
 */
final class LabChain {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Lab lab;
  private final Path dataDir;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  LabChain(Lab lab, Path dataDir) {
    this.lab = lab;
    this.dataDir = dataDir;
  }

  /** ctl as a user runs it: it reaches the lab through either switcher. */
  void ctl(String action, String component) {
    StringWriter err = new StringWriter();
    int status = StreamingLab.run(new String[] {"ctl", action, component, "--data-dir",
        dataDir.toString()}, Map.of(), new PrintWriter(new StringWriter(), true),
        new PrintWriter(err, true));
    if (status != 0) {
      throw new AssertionError("ctl " + action + " " + component + " failed: " + err);
    }
  }

  /** ctl as a user runs it, expecting a refusal: the sentence it printed. */
  String ctlRefused(String action, String component) {
    StringWriter err = new StringWriter();
    int status = StreamingLab.run(new String[] {"ctl", action, component, "--data-dir",
        dataDir.toString()}, Map.of(), new PrintWriter(new StringWriter(), true),
        new PrintWriter(err, true));
    if (status == 0) {
      throw new AssertionError("ctl " + action + " " + component + " was not refused");
    }
    return err.toString();
  }

  /** Whether both switchers have judged the origins, and found them aligned or not. */
  boolean judged(boolean aligned) {
    for (int port : List.of(lab.httpPort(), lab.backupHttpPort())) {
      try {
        JsonNode verdict = health(port).path("aligned");
        if (!verdict.isBoolean() || verdict.asBoolean() != aligned) {
          return false;
        }
      } catch (Exception e) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether both switchers follow origin-primary with origin-backup healthy beside it, each
   * seeing the other up: the state every fault starts from and must come back to.
   */
  boolean whole() {
    for (int port : List.of(lab.httpPort(), lab.backupHttpPort())) {
      JsonNode health;
      try {
        health = health(port);
      } catch (Exception e) {
        return false;
      }
      if (!health.path("status").asText().equals("ok")
          || !health.path("active").asText().equals("primary")
          || !health.path("origins").path("backup").path("state").asText().equals("standby")) {
        return false;
      }
      for (JsonNode pathway : health.path("pathways")) {
        if (pathway.asText().equals("down")) {
          return false;
        }
      }
    }
    return true;
  }

  /** A switcher's /healthz. */
  JsonNode health(int port) throws Exception {
    return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + port + "/healthz")).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString()).body());
  }
}
