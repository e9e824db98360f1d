package io.streaminglab.switcher;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * One segment of the switcher's own playlist: its own sequence number and name, which never
 * change, and where its bytes can be fetched.
 *
 * @param sequence the switcher's media sequence number
 * @param durationSeconds EXTINF
 * @param programDateTime EXT-X-PROGRAM-DATE-TIME
 * @param discontinuity whether the content is discontinuous before it
 * @param sources where the bytes are, preferred first: one origin, or both when they are
 *     aligned (the same segment under the same name)
 */
public record OutputSegment(long sequence, double durationSeconds, Instant programDateTime,
    boolean discontinuity, List<Source> sources) {

  public OutputSegment {
    sources = List.copyOf(sources);
  }

  /** The name players request under /hls/. */
  public String name() {
    return name(sequence);
  }

  public static String name(long sequence) {
    return "seg-" + sequence + ".ts";
  }

  public Instant end() {
    return programDateTime.plusMillis(Math.round(durationSeconds * 1000));
  }

  /** One place a segment can be fetched from. */
  public record Source(Origin origin, URI uri) {}
}
