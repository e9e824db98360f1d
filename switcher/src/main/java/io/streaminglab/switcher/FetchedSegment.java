package io.streaminglab.switcher;

import java.util.Objects;

/**
 * A segment's bytes and the origin that served them, which players see in the {@code X-Origin}
 * header (the status page shows it).
 *
 * @param origin the origin the bytes came from
 * @param bytes the whole segment
 */
record FetchedSegment(Origin origin, byte[] bytes) {
  FetchedSegment {
    Objects.requireNonNull(origin, "origin == null");
    Objects.requireNonNull(bytes, "bytes == null");
  }
}
