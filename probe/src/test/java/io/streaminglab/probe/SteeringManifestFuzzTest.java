package io.streaminglab.probe;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Hostile bytes into the steering manifest parser: it parses or refuses with a {@link
 * SteeringManifestException}, never anything else, and what it parses round-trips.
 *
 * <p>A plain test run replays the inputs under {@code SteeringManifestFuzzTestInputs}; fuzz
 * with {@code JAZZER_FUZZ=1 ./mvnw -pl probe test -Dtest=SteeringManifestFuzzTest}.
 */
class SteeringManifestFuzzTest {
  @FuzzTest(maxDuration = "2m")
  void parsesOrRefusesCleanly(byte[] input) throws Exception {
    SteeringManifest manifest;
    try {
      manifest = SteeringManifest.parse(input);
    } catch (SteeringManifestException expected) {
      return;
    }
    if (manifest.pathwayPriority().isEmpty()
        || manifest.pathwayPriority().size() > SteeringManifest.MAX_PATHWAYS
        || manifest.ttlSeconds() < 1 || manifest.ttlSeconds() > SteeringManifest.MAX_TTL_SECONDS) {
      throw new AssertionError("parsed a manifest out of bounds: " + manifest);
    }
    SteeringManifest again = SteeringManifest.parse(manifest.toJson().getBytes(
        java.nio.charset.StandardCharsets.UTF_8));
    if (!again.equals(manifest)) {
      throw new AssertionError("a parsed manifest did not survive a round trip: " + manifest);
    }
  }
}
