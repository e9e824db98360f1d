package io.streaminglab.lab.player;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What a player's events must show for a fault to have been invisible to its viewer. */
final class PlayerEvidence {
  private PlayerEvidence() {}

  /**
   * No stall, no fatal error, segments loaded, and none skipped: every segment loaded is at most
   * one past the furthest before it (a reload of an earlier one, after a switch, is no skip).
   */
  static void assertInvisible(List<Map<String, Object>> events, String what) {
    String summary = summary(events);
    assertThat(events).as("the player's events during %s: %s", what, summary)
        .noneMatch(e -> type(e).equals("stall-start") || type(e).equals("stall"))
        .noneMatch(e -> type(e).equals("hls-error") && Boolean.TRUE.equals(e.get("fatal")))
        .noneMatch(e -> type(e).equals("page-error"));
    List<Long> loaded = sequenceNumbers(events);
    assertThat(loaded).as("segments loaded during %s", what).isNotEmpty();
    long furthest = loaded.get(0);
    for (long sn : loaded) {
      assertThat(sn).as("segment after %d during %s: %s", furthest, what, loaded)
          .isLessThanOrEqualTo(furthest + 1);
      furthest = Math.max(furthest, sn);
    }
  }

  static List<Long> sequenceNumbers(List<Map<String, Object>> events) {
    return events.stream().filter(e -> type(e).equals("frag-loaded"))
        .map(e -> ((Number) e.get("sn")).longValue()).toList();
  }

  /** The host:port that served each loaded segment, in order. */
  static List<String> servers(List<Map<String, Object>> events) {
    return events.stream().filter(e -> type(e).equals("frag-loaded"))
        .map(e -> URI.create((String) e.get("url")))
        .map(u -> u.getHost() + ":" + u.getPort()).toList();
  }

  static String summary(List<Map<String, Object>> events) {
    return events.stream().map(e -> type(e) + (e.containsKey("details")
        ? "(" + e.get("details") + where(e) + ")" : e.containsKey("sn") ? "(" + e.get("sn") + ")"
        : "")).collect(Collectors.joining(" "));
  }

  /** " at host:port" of an error's URL, when it has one. */
  private static String where(Map<String, Object> event) {
    Object url = event.get("url");
    if (!(url instanceof String) || ((String) url).isEmpty()) {
      return "";
    }
    try {
      URI uri = URI.create((String) url);
      return " at " + uri.getHost() + ":" + uri.getPort();
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  private static String type(Map<String, Object> event) {
    return String.valueOf(event.get("type"));
  }
}
