package io.streaminglab.hls;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Hostile text into the playlist parser: it either parses, or refuses with a
 * {@link PlaylistFormatException}; what it parses must write and parse back the same.
 */
class PlaylistParserFuzzTest {
  @FuzzTest(maxDuration = "2m")
  void parsesOrRefusesCleanly(byte[] input) throws Exception {
    MediaPlaylist playlist;
    try {
      playlist = PlaylistParser.parse(new String(input, StandardCharsets.UTF_8));
    } catch (PlaylistFormatException expected) {
      return;
    }
    MediaPlaylist again = PlaylistParser.parse(PlaylistWriter.write(playlist));
    if (again.segments().size() != playlist.segments().size()
        || again.mediaSequence() != playlist.mediaSequence()) {
      throw new AssertionError("a parsed playlist did not survive a round trip");
    }
  }
}
