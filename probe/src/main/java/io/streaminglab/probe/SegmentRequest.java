package io.streaminglab.probe;

import java.util.Objects;

/**
 * One try at fetching a segment, as {@link PlaybackModel} asks for it.
 *
 * @param sequence its media sequence number
 * @param uri its URI as the playlist gives it (relative to the playlist)
 * @param durationSeconds its EXTINF duration
 * @param attempt 1 for the first try, 2 for the first retry, and so on
 */
public record SegmentRequest(long sequence, String uri, double durationSeconds, int attempt) {

  public SegmentRequest {
    Objects.requireNonNull(uri, "uri == null");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt < 1: " + attempt);
    }
  }

  SegmentRequest nextAttempt() {
    return new SegmentRequest(sequence, uri, durationSeconds, attempt + 1);
  }
}
