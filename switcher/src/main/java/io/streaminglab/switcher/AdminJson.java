package io.streaminglab.switcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/**
 * The one Jackson mapper behind the switcher's JSON answers ({@code /healthz}, {@code
 * /api/status}, the admin API), configured once here. A mapper is thread-safe once configured,
 * so every request shares it.
 *
 * <p>{@code /healthz} is read by people with curl and comes indented; the status page polls
 * {@code /api/status} every second and the admin API answers scripts, so those come compact.
 */
final class AdminJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectWriter COMPACT = MAPPER.writer();
  private static final ObjectWriter INDENTED = MAPPER.writerWithDefaultPrettyPrinter();

  private AdminJson() {}

  /** A new, empty JSON object to fill. */
  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** {@code value} as compact UTF-8 JSON. */
  static byte[] compact(Object value) {
    return write(COMPACT, value);
  }

  /** {@code value} as indented UTF-8 JSON, for people. */
  static byte[] indented(Object value) {
    return write(INDENTED, value);
  }

  private static byte[] write(ObjectWriter writer, Object value) {
    try {
      return writer.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      // Only maps, lists, nodes and plain values are written here; this is a bug.
      throw new UncheckedIOException("not serialisable as JSON: " + value.getClass(), e);
    }
  }
}
