package io.streaminglab.switcher;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hostile steering queries, decoded as the switcher decodes them: each is accepted or refused
 * with a sentence, never anything else; a bad escape is the decoder's IllegalArgumentException,
 * which the handler turns into a 400.
 */
class SteeringQueryFuzzTest {
  private static final Set<String> PATHWAYS = Set.of("switcher-primary", "switcher-backup");

  @FuzzTest(maxDuration = "1m")
  void acceptsOrRefusesWithASentence(byte[] input) {
    String query = new String(input, StandardCharsets.ISO_8859_1);
    Map<String, List<String>> parameters;
    try {
      parameters = new QueryStringDecoder("/hls/steering.json?" + query).parameters();
    } catch (IllegalArgumentException refusedByTheHandler) {
      return;
    }
    String problem = SteeringQuery.problem(query, parameters, PATHWAYS);
    if (problem != null && (problem.isBlank() || problem.length() > 400
        || !problem.endsWith("."))) {
      throw new AssertionError("not a sentence: " + problem);
    }
  }
}
