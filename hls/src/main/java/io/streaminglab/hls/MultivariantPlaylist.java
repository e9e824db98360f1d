package io.streaminglab.hls;

import java.util.List;
import java.util.Objects;

/**
 * A multivariant (master) playlist: the variant streams a player chooses between, and content
 * steering when the same variants are offered on several pathways.
 *
 * @param version EXT-X-VERSION
 * @param independentSegments whether EXT-X-INDEPENDENT-SEGMENTS is present
 * @param steering EXT-X-CONTENT-STEERING, or null
 * @param variants the EXT-X-STREAM-INF entries in order (at least one)
 */
public record MultivariantPlaylist(int version, boolean independentSegments,
    ContentSteering steering, List<VariantStream> variants) {

  public MultivariantPlaylist {
    if (version < 1) {
      throw new IllegalArgumentException("version < 1: " + version);
    }
    variants = List.copyOf(Objects.requireNonNull(variants, "variants == null"));
    if (variants.isEmpty()) {
      throw new IllegalArgumentException("a multivariant playlist needs a variant");
    }
  }
}
