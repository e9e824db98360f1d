package io.streaminglab.probe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A content steering manifest (HLS spec revision, section 7.2), the JSON a player fetches from
 * EXT-X-CONTENT-STEERING's SERVER-URI, read as hls.js reads it: VERSION must be 1, TTL is the
 * seconds until the next load, RELOAD-URI (resolved against the manifest's own URL) replaces
 * the server URI, PATHWAY-PRIORITY orders the pathways. PATHWAY-CLONES is not supported and is
 * ignored.
 *
 * <p>The input is hostile: at most {@value #MAX_BYTES} bytes and {@value #MAX_PATHWAYS}
 * pathways, nesting and string lengths bounded, pathway IDs limited to the characters the spec
 * allows; anything else is one {@link SteeringManifestException} saying what is wrong.
 *
 * @param version VERSION, always 1
 * @param ttlSeconds TTL, 1 to {@value #MAX_TTL_SECONDS}
 * @param reloadUri RELOAD-URI as given, or null
 * @param pathwayPriority PATHWAY-PRIORITY, at least one pathway, highest priority first
 */
public record SteeringManifest(int version, long ttlSeconds, String reloadUri,
    List<String> pathwayPriority) {

  public static final int MAX_BYTES = 64 * 1024;
  public static final int MAX_PATHWAYS = 64;
  public static final long MAX_TTL_SECONDS = 86_400;
  private static final int MAX_STRING = 2048;

  private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(8).maxStringLength(MAX_STRING).maxNumberLength(20).build())
      .build());

  public SteeringManifest {
    pathwayPriority = List.copyOf(Objects.requireNonNull(pathwayPriority,
        "pathwayPriority == null"));
  }

  /**
   * Parses {@code body}, the answer of a steering server.
   *
   * @throws SteeringManifestException when it is too large, not JSON, not version 1, or a field
   *     is missing or out of range
   */
  public static SteeringManifest parse(byte[] body) throws SteeringManifestException {
    if (body.length > MAX_BYTES) {
      throw new SteeringManifestException("the steering manifest has " + body.length
          + " bytes, more than the " + MAX_BYTES + " accepted");
    }
    JsonNode root;
    try {
      root = JSON.readTree(new String(body, StandardCharsets.UTF_8));
    } catch (JsonProcessingException | RuntimeException e) {
      throw new SteeringManifestException("the steering manifest is not valid JSON: "
          + firstLine(e.getMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new SteeringManifestException("the steering manifest is not a JSON object");
    }
    JsonNode version = root.get("VERSION");
    if (version == null || !version.isIntegralNumber() || version.asLong() != 1) {
      throw new SteeringManifestException("the steering manifest's VERSION is "
          + (version == null ? "missing" : firstLine(version.toString())) + ", not 1");
    }
    JsonNode ttl = root.get("TTL");
    if (ttl == null || !ttl.isNumber() || !(ttl.asDouble() >= 1)
        || ttl.asDouble() > MAX_TTL_SECONDS) {
      throw new SteeringManifestException("the steering manifest's TTL must be 1 to "
          + MAX_TTL_SECONDS + " seconds");
    }
    String reload = null;
    JsonNode reloadNode = root.get("RELOAD-URI");
    if (reloadNode != null && !reloadNode.isNull()) {
      if (!reloadNode.isTextual() || reloadNode.asText().isBlank()) {
        throw new SteeringManifestException("the steering manifest's RELOAD-URI is not a URI");
      }
      reload = reloadNode.asText();
    }
    JsonNode priority = root.get("PATHWAY-PRIORITY");
    if (priority == null || !priority.isArray() || priority.isEmpty()) {
      throw new SteeringManifestException("the steering manifest has no PATHWAY-PRIORITY list");
    }
    if (priority.size() > MAX_PATHWAYS) {
      throw new SteeringManifestException("the steering manifest lists more than "
          + MAX_PATHWAYS + " pathways");
    }
    List<String> pathways = new ArrayList<>(priority.size());
    for (JsonNode pathway : priority) {
      if (!pathway.isTextual() || !pathway.asText().matches("[A-Za-z0-9._-]{1,64}")) {
        throw new SteeringManifestException("the steering manifest's PATHWAY-PRIORITY holds "
            + "something that is not a pathway ID of letters, digits, '.', '-' and '_'");
      }
      if (!pathways.contains(pathway.asText())) {
        pathways.add(pathway.asText());
      }
    }
    return new SteeringManifest(1, (long) Math.ceil(ttl.asDouble()), reload, pathways);
  }

  /** The manifest as a steering server sends it, for tests and tools. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(reloadUri == null
          ? Map.of("VERSION", version, "TTL", ttlSeconds, "PATHWAY-PRIORITY", pathwayPriority)
          : Map.of("VERSION", version, "TTL", ttlSeconds, "RELOAD-URI", reloadUri,
              "PATHWAY-PRIORITY", pathwayPriority));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "no detail";
    }
    String line = text.lines().findFirst().orElse("");
    return line.length() > 120 ? line.substring(0, 120) + "..." : line;
  }
}
