package io.streaminglab.media.amf0;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.List;

/**
 * Feeds arbitrary bytes to {@link Amf0Reader}. Only {@link Amf0Exception} may escape, and
 * whatever reads must write back to bytes that read as the same values.
 *
 * <p>A plain test run replays the inputs under {@code Amf0ReaderFuzzTestInputs} in the test
 * resources; {@code JAZZER_FUZZ=1 ./mvnw -pl media test -Dtest=Amf0ReaderFuzzTest} fuzzes, and
 * keeps any crash there as a new input.
 */
class Amf0ReaderFuzzTest {
  @FuzzTest(maxDuration = "2m")
  void readingAnyBytesEitherRoundTripsOrThrowsAmf0Exception(byte[] input) {
    List<Object> values;
    try {
      values = new Amf0Reader(input).readAll();
    } catch (Amf0Exception expected) {
      return;
    }
    byte[] written = Amf0Writer.encode(values.toArray());
    List<Object> reread = new Amf0Reader(written).readAll();
    if (!reread.equals(values)) {
      throw new AssertionError("values changed on a round trip: " + values + " -> " + reread);
    }
    if (!Arrays.equals(Amf0Writer.encode(reread.toArray()), written)) {
      throw new AssertionError("writing the same values twice gave different bytes");
    }
  }
}
