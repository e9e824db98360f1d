package io.streaminglab.hls;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Hostile text into the multivariant parser: it parses or refuses with a {@link
 * PlaylistFormatException}, and what it parses writes and parses back the same.
 */
class MultivariantParserFuzzTest {
  @FuzzTest(maxDuration = "2m")
  void parsesOrRefusesCleanly(byte[] input) throws Exception {
    MultivariantPlaylist playlist;
    try {
      playlist = MultivariantParser.parse(new String(input, StandardCharsets.UTF_8));
    } catch (PlaylistFormatException expected) {
      return;
    }
    MultivariantPlaylist again = MultivariantParser.parse(MultivariantWriter.write(playlist));
    if (again.variants().size() != playlist.variants().size()) {
      throw new AssertionError("a parsed playlist did not survive a round trip");
    }
  }
}
