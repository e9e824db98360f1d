package io.streaminglab.switcher;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the query of a steering manifest request, which players build ({@code _HLS_pathway},
 * the pathway they play; {@code _HLS_throughput}, the bits per second they measure) and anyone
 * can forge. Parameters that do not start with {@code _HLS_} belong to whoever wrote the URI and
 * are ignored; an {@code _HLS_} parameter this switcher does not know, a pathway that names
 * nothing, a throughput that is not a number, or a query too long to be a player's, is refused
 * with a sentence that names it.
 *
 * <p>A negative throughput is a player's: hls.js sends its estimate truncated to a signed 32-bit
 * integer, so above 2.1 Gbit/s (a player on the same machine or LAN) it arrives negative.
 * Refusing it would cost such a player every steering update.
 */
final class SteeringQuery {
  /** Longer than any player's query, shorter than any abuse worth parsing. */
  static final int MAX_LENGTH = 1024;
  private static final String PATHWAY = "_HLS_pathway";
  private static final String THROUGHPUT = "_HLS_throughput";

  private SteeringQuery() {}

  /**
   * Null when the query is acceptable, else why not, in one sentence.
   *
   * @param rawQuery the query as sent, without the {@code ?}, or null
   * @param parameters the decoded parameters
   * @param pathways the chain's pathway ids
   */
  static String problem(String rawQuery, Map<String, List<String>> parameters,
      Set<String> pathways) {
    if (rawQuery != null && rawQuery.length() > MAX_LENGTH) {
      return "The steering request's query is longer than " + MAX_LENGTH + " characters.";
    }
    for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
      String name = parameter.getKey();
      if (!name.startsWith("_HLS_")) {
        continue;
      }
      if (parameter.getValue().size() != 1) {
        return name + " is given " + parameter.getValue().size() + " times; give it once.";
      }
      String value = parameter.getValue().get(0);
      switch (name) {
        case PATHWAY:
          if (!pathways.contains(value)) {
            return "_HLS_pathway '" + shorten(value) + "' is none of this chain's pathways "
                + pathways + ".";
          }
          break;
        case THROUGHPUT:
          if (!value.matches("-?[0-9]{1,15}(\\.[0-9]{1,6})?")) {
            return "_HLS_throughput '" + shorten(value) + "' is not a number of bits per "
                + "second.";
          }
          break;
        default:
          return "The steering request's parameter " + shorten(name) + " is not one this "
              + "switcher knows (_HLS_pathway, _HLS_throughput).";
      }
    }
    return null;
  }

  private static String shorten(String text) {
    String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
    return printable.length() <= 40 ? printable : printable.substring(0, 40) + "…";
  }
}
