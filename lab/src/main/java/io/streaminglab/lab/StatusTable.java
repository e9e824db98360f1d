package io.streaminglab.lab;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code ctl status} prints: a table of the components, then the switcher's view of the
 * two origins and its last switch. Built from the admin API's component list and {@code
 * /healthz}.
 */
final class StatusTable {
  private final JsonNode components;
  private final JsonNode health;
  private final String only;

  /**
   * @param only one component to show, or null for all
   */
  StatusTable(JsonNode components, JsonNode health, String only) {
    this.components = components;
    this.health = health;
    this.only = only;
  }

  void print(PrintWriter out) {
    boolean found = false;
    out.printf("%-18s %-9s %s%n", "COMPONENT", "STATE", "DETAIL");
    for (JsonNode component : components.path("components")) {
      String name = component.path("name").asText();
      if (only != null && !only.equals(name)) {
        continue;
      }
      found = true;
      out.printf("%-18s %-9s %s%n", name,
          component.path("running").asBoolean() ? "running" : "STOPPED",
          component.path("detail").asText());
    }
    if (only != null && !found) {
      throw new LabException("No component is named '" + only + "'; 'ctl status' lists them.");
    }
    out.println();
    out.printf("switcher: %s, following %s%s; %d failovers, %d switchbacks%n",
        health.path("status").asText(), health.path("active").asText(),
        health.path("pinned").isNull() ? "" : " (pinned)",
        health.path("counters").path("failovers").asLong(),
        health.path("counters").path("switchbacks").asLong());
    out.printf("%-9s %-16s %-12s %-22s %s%n", "ORIGIN", "STATE", "SEGMENT AGE", "LAST POLL",
        "WHY");
    for (Iterator<Map.Entry<String, JsonNode>> it = health.path("origins").fields();
        it.hasNext();) {
      Map.Entry<String, JsonNode> origin = it.next();
      JsonNode value = origin.getValue();
      JsonNode poll = value.path("lastPoll");
      String latency = String.format(Locale.ROOT, "%.0f ms", poll.path("latencyMs").asDouble());
      String lastPoll = poll.path("at").isNull() ? "none yet"
          : poll.path("status").asInt(0) == 0 ? "failed in " + latency
          : "HTTP " + poll.path("status").asInt() + " in " + latency;
      out.printf("%-9s %-16s %-12s %-22s %s%n", origin.getKey(), value.path("state").asText(),
          value.path("segmentAgeSeconds").isNull() ? "-"
              : String.format(Locale.ROOT, "%.1f s", value.path("segmentAgeSeconds").asDouble()),
          lastPoll, value.path("reason").isNull() ? ""
              : value.path("reason").asText());
    }
    JsonNode last = health.path("lastSwitch");
    if (!last.isNull() && !last.isMissingNode()) {
      out.printf("last switch: %s to %s at %s: %s%n", last.path("kind").asText(),
          last.path("to").asText(), last.path("at").asText(), last.path("reason").asText());
    }
  }
}
