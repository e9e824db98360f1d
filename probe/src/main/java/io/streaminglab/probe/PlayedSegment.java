package io.streaminglab.probe;

import java.time.Instant;
import java.util.Objects;

/**
 * One segment the probe played, and who served it.
 *
 * @param sequence its media sequence number
 * @param uri the URL it was fetched from
 * @param host the host and port of that URL
 * @param pathway the PATHWAY-ID of the variant it came through, or null
 * @param at when it arrived
 */
public record PlayedSegment(long sequence, String uri, String host, String pathway,
    Instant at) {

  public PlayedSegment {
    Objects.requireNonNull(uri, "uri == null");
    Objects.requireNonNull(at, "at == null");
  }
}
