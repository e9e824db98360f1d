package io.streaminglab.switcher;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The content steering manifest every switcher of a chain serves at {@code /hls/steering.json}
 * (HLS Content Steering, version 1, as hls.js reads it): the pathways that are up, in the
 * chain's order of preference, then those that are down, so that players leave a pathway that
 * is down and come back once it is up. Never an empty list: a player told of no pathway keeps
 * its current one, which is worse than trying them in order.
 *
 * <p>The TTL is short because the manifest is how a player learns that a switcher it is not
 * using came back or went away; a player on a dead switcher learns it from its own errors
 * first, so the TTL only bounds how long a recovered pathway waits for its viewers.
 */
final class SteeringManifest {
  /** Seconds before a player asks again. */
  static final int TTL_SECONDS = 10;

  private SteeringManifest() {}

  /**
   * The manifest's JSON.
   *
   * @param pathways every pathway of the chain in order of preference, with whether it is up
   */
  static byte[] json(Map<String, Boolean> pathways) {
    List<String> order = new ArrayList<>();
    pathways.forEach((pathway, up) -> {
      if (up) {
        order.add(pathway);
      }
    });
    pathways.forEach((pathway, up) -> {
      if (!up) {
        order.add(pathway);
      }
    });
    ObjectNode manifest = AdminJson.object().put("VERSION", 1).put("TTL", TTL_SECONDS);
    ArrayNode priority = manifest.putArray("PATHWAY-PRIORITY");
    order.forEach(priority::add);
    return AdminJson.compact(manifest);
  }
}
