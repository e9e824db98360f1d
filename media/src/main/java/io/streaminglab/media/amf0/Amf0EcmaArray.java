package io.streaminglab.media.amf0;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An AMF0 ECMA array: string keys and values in insertion order, written back as an ECMA array
 * rather than as an object.
 *
 * <p>It is a {@link LinkedHashMap} so that code reading {@code onMetaData} can treat both shapes
 * encoders use (object or ECMA array) as a {@link Map}. Equality is map equality: an {@code
 * Amf0EcmaArray} equals a plain map with the same entries.
 */
public final class Amf0EcmaArray extends LinkedHashMap<String, Object> {
  /** An empty array. */
  public Amf0EcmaArray() {}

  /** An array holding a copy of {@code entries}, in their iteration order. */
  public Amf0EcmaArray(Map<String, ?> entries) {
    super(entries);
  }
}
