package io.streaminglab.switcher;

import io.streaminglab.hls.MediaPlaylist;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /healthz}: the switcher's view as JSON, for people and for {@code ctl status}. */
final class HealthReport {
  private HealthReport() {}

  /** "ok" while the active origin is healthy, "degraded" while only the other is, else "down". */
  static String status(Switcher.View view) {
    boolean anyHealthy = false;
    for (Switcher.OriginView origin : view.origins()) {
      if (origin.healthy() && origin.active()) {
        return "ok";
      }
      anyHealthy |= origin.healthy();
    }
    return anyHealthy ? "degraded" : "down";
  }

  /** "active", "active-unhealthy", "standby" or "unhealthy". */
  static String state(Switcher.OriginView origin) {
    return origin.active() ? (origin.healthy() ? "active" : "active-unhealthy")
        : origin.healthy() ? "standby" : "unhealthy";
  }

  /**
   * The report.
   *
   * @param switcher which switcher this is
   * @param pathways the chain's pathways with whether each is up, as the steering manifest has
   */
  static byte[] json(Switcher.View view, String switcher, Map<String, Boolean> pathways) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("switcher", switcher);
    root.put("status", status(view));
    root.put("active", view.active().label());
    root.put("pinned", view.pinned() == null ? null : view.pinned().label());
    Map<String, Object> origins = new LinkedHashMap<>();
    for (Switcher.OriginView origin : view.origins()) {
      origins.put(origin.origin().label(), origin(origin));
    }
    root.put("origins", origins);
    OriginAlignment.Verdict alignment = view.alignment();
    root.put("aligned", alignment == null ? null : alignment.aligned());
    if (alignment != null && !alignment.aligned()) {
      root.put("notAligned", alignment.why());
    }
    Map<String, Object> chain = new LinkedHashMap<>();
    pathways.forEach((pathway, up) -> chain.put(pathway, pathway.equals(switcher) ? "self"
        : up ? "up" : "down"));
    root.put("pathways", chain);
    Map<String, Object> counters = new LinkedHashMap<>();
    counters.put("failovers", view.failovers());
    counters.put("switchbacks", view.switchbacks());
    root.put("counters", counters);
    FailoverPolicy.Switch last = view.lastSwitch();
    if (last == null) {
      root.put("lastSwitch", null);
    } else {
      Map<String, Object> change = new LinkedHashMap<>();
      change.put("kind", last.kind().name().toLowerCase(java.util.Locale.ROOT));
      change.put("to", last.to().label());
      change.put("reason", last.reason());
      change.put("at", last.at().toString());
      root.put("lastSwitch", change);
    }
    MediaPlaylist playlist = view.playlist();
    if (playlist == null) {
      root.put("playlist", null);
    } else {
      Map<String, Object> output = new LinkedHashMap<>();
      output.put("mediaSequence", playlist.mediaSequence());
      output.put("lastSequence", playlist.lastSequence());
      output.put("discontinuitySequence", playlist.discontinuitySequence());
      output.put("targetDuration", playlist.targetDurationSeconds());
      output.put("following", view.line() == null ? null : view.line().label());
      root.put("playlist", output);
    }
    root.put("at", text(view.at()));
    return AdminJson.indented(root);
  }

  private static Map<String, Object> origin(Switcher.OriginView origin) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("state", state(origin));
    map.put("healthy", origin.healthy());
    map.put("reason", origin.reason());
    map.put("segmentAgeSeconds", seconds(origin.segmentAge()));
    Map<String, Object> poll = new LinkedHashMap<>();
    PollResult last = origin.lastPoll();
    poll.put("status", last == null ? null : last.status());
    poll.put("error", last == null ? null : last.error());
    poll.put("latencyMs", last == null ? null : last.latency().toNanos() / 1e6);
    poll.put("at", text(origin.lastPollAt()));
    map.put("lastPoll", poll);
    map.put("mediaSequence", origin.mediaSequence());
    map.put("lastSequence", origin.lastSequence());
    map.put("http5xx", origin.http5xx());
    map.put("polls", origin.polls());
    return map;
  }

  private static Double seconds(Duration duration) {
    return duration == null ? null : duration.toMillis() / 1000.0;
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
