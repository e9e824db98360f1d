package io.streaminglab.switcher;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streaminglab.hls.MediaPlaylist;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * {@code /api/status}: everything the status page shows, as one compact JSON object. Times are
 * milliseconds since the epoch, durations seconds; unknown values are null.
 *
 * <pre>{@code
 * {"at": 1764000000000, "status": "ok", "active": "primary", "pinned": null,
 *  "settings": {"checkIntervalSeconds": 1.0, "segmentAgeThresholdSeconds": null,
 *               "requiredWindows": 2, "minDwellSeconds": 10.0, "targetDurationSeconds": 2,
 *               "staleAfterSeconds": 3.0, "historySeconds": 600.0},
 *  "origins": {"primary": {"state": "active", "healthy": true, "reason": "healthy",
 *              "segmentAgeSeconds": 2.1, "lastPoll": {"status": 200, "error": null,
 *              "latencyMs": 1.4, "at": ...}, "mediaSequence": 12, "lastSequence": 17,
 *              "http5xx": 0, "polls": 42}, "backup": {...}},
 *  "aligned": true, "notAligned": "(only when false: where the origins disagree)",
 *  "counters": {"failovers": 0, "switchbacks": 0},
 *  "switches": [{"kind": "failover", "to": "backup", "reason": "...", "at": ...}],
 *  "history": {"t": [...], "active": [1, 1, 0], "primaryAge": [2.0, null, ...],
 *              "backupAge": [...]},
 *  "components": [{"name": "origin-primary", "running": true}]}
 * }</pre>
 *
 * <p>{@code history} holds the samples after the request's {@code since} (all ten minutes
 * without it), so that a page that polls every second fetches only what is new.
 */
final class StatusReport {
  private StatusReport() {}

  static byte[] json(Switcher.View view, SwitcherConfig config, StatusHistory history,
      Instant since, List<ComponentStatus> components) {
    ObjectNode root = AdminJson.object();
    root.put("at", millis(view.at()));
    root.put("status", HealthReport.status(view));
    root.put("active", view.active().label());
    root.put("pinned", view.pinned() == null ? null : view.pinned().label());
    settings(root.putObject("settings"), view, config, history);
    ObjectNode origins = root.putObject("origins");
    for (Switcher.OriginView origin : view.origins()) {
      origin(origins.putObject(origin.origin().label()), origin);
    }
    OriginAlignment.Verdict alignment = view.alignment();
    if (alignment == null) {
      root.putNull("aligned");
    } else {
      root.put("aligned", alignment.aligned());
      if (!alignment.aligned()) {
        root.put("notAligned", alignment.why());
      }
    }
    root.putObject("counters").put("failovers", view.failovers())
        .put("switchbacks", view.switchbacks());
    ArrayNode switches = root.putArray("switches");
    for (FailoverPolicy.Switch change : history.switches()) {
      switches.addObject().put("kind", change.kind().name().toLowerCase(Locale.ROOT))
          .put("to", change.to().label()).put("reason", change.reason())
          .put("at", millis(change.at()));
    }
    samples(root.putObject("history"), history.samples(since));
    ArrayNode list = root.putArray("components");
    for (ComponentStatus component : components) {
      list.addObject().put("name", component.name()).put("running", component.running());
    }
    return AdminJson.compact(root);
  }

  private static void settings(ObjectNode node, Switcher.View view, SwitcherConfig config,
      StatusHistory history) {
    node.put("checkIntervalSeconds", seconds(config.checkInterval()));
    node.put("segmentAgeThresholdSeconds", seconds(config.segmentAgeThreshold()));
    node.put("requiredWindows", config.requiredWindows());
    node.put("minDwellSeconds", seconds(config.minDwell()));
    MediaPlaylist playlist = view.playlist();
    if (playlist == null) {
      node.putNull("targetDurationSeconds");
      node.putNull("staleAfterSeconds");
    } else {
      // OriginWatch's bound: a playlist that has not grown for 1.5 target durations is stale.
      node.put("targetDurationSeconds", playlist.targetDurationSeconds());
      node.put("staleAfterSeconds", Math.max(1, playlist.targetDurationSeconds()) * 1.5);
    }
    node.put("historySeconds", seconds(history.window()));
  }

  private static void origin(ObjectNode node, Switcher.OriginView origin) {
    node.put("state", HealthReport.state(origin));
    node.put("healthy", origin.healthy());
    node.put("reason", origin.reason());
    node.put("segmentAgeSeconds", seconds(origin.segmentAge()));
    ObjectNode poll = node.putObject("lastPoll");
    PollResult last = origin.lastPoll();
    if (last == null) {
      poll.putNull("status").putNull("error").putNull("latencyMs");
    } else {
      poll.put("status", last.status()).put("error", last.error())
          .put("latencyMs", last.latency().toNanos() / 1e6);
    }
    poll.put("at", millis(origin.lastPollAt()));
    node.put("mediaSequence", origin.mediaSequence());
    node.put("lastSequence", origin.lastSequence());
    node.put("http5xx", origin.http5xx());
    node.put("polls", origin.polls());
  }

  private static void samples(ObjectNode node, List<StatusHistory.Sample> samples) {
    ArrayNode t = node.putArray("t");
    ArrayNode active = node.putArray("active");
    ArrayNode primaryAge = node.putArray("primaryAge");
    ArrayNode backupAge = node.putArray("backupAge");
    for (StatusHistory.Sample sample : samples) {
      t.add(sample.at().toEpochMilli());
      active.add(sample.active() == Origin.PRIMARY ? 1 : 0);
      primaryAge.add(seconds(sample.primaryAge()));
      backupAge.add(seconds(sample.backupAge()));
    }
  }

  private static Double seconds(Duration duration) {
    return duration == null ? null : duration.toMillis() / 1000.0;
  }

  private static Long millis(Instant instant) {
    return instant == null ? null : instant.toEpochMilli();
  }
}
