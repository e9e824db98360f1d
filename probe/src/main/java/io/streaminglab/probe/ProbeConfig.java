package io.streaminglab.probe;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link PlayerProbe} plays and how it behaves.
 *
 * @param url the live media playlist, or a multivariant playlist naming it, an absolute http
 *     URL
 * @param duration how long to play before reporting
 * @param liveSyncSegments how far behind the live edge to start, in segments; playback starts
 *     once that many segments (those listed at start, from the start position to the end) are
 *     buffered, like hls.js's {@code liveSyncDurationCount} of 3
 * @param maxBufferSeconds no segment is fetched while this much is buffered (hls.js's
 *     {@code maxBufferLength})
 * @param poll when the playlist is reloaded
 * @param segmentRetries how many times a failed segment is tried again within its deadline
 * @param retryDelay the pause before each retry of a segment
 * @param decodeCheck whether each segment is also run through {@code ffprobe -v error} (when
 *     ffprobe is on the PATH)
 * @param maxBandwidth when {@code url} is a multivariant playlist, the variant played is the one
 *     with the highest BANDWIDTH up to this many bits per second (the lowest when none fits)
 */
public record ProbeConfig(URI url, Duration duration, int liveSyncSegments,
    double maxBufferSeconds, PollPolicy poll, int segmentRetries, Duration retryDelay,
    boolean decodeCheck, long maxBandwidth) {

  public ProbeConfig {
    Objects.requireNonNull(url, "url == null");
    Objects.requireNonNull(duration, "duration == null");
    Objects.requireNonNull(poll, "poll == null");
    Objects.requireNonNull(retryDelay, "retryDelay == null");
    if (!"http".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
      throw new IllegalArgumentException("url must be an absolute http:// URL of a media "
          + "or multivariant playlist: " + url);
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive: " + duration);
    }
    if (liveSyncSegments < 1) {
      throw new IllegalArgumentException("liveSyncSegments < 1: " + liveSyncSegments);
    }
    if (!(maxBufferSeconds > 0)) {
      throw new IllegalArgumentException("maxBufferSeconds must be positive: "
          + maxBufferSeconds);
    }
    if (segmentRetries < 0) {
      throw new IllegalArgumentException("segmentRetries < 0: " + segmentRetries);
    }
    if (maxBandwidth < 1) {
      throw new IllegalArgumentException("maxBandwidth < 1: " + maxBandwidth);
    }
    if (retryDelay.isNegative()) {
      throw new IllegalArgumentException("retryDelay is negative: " + retryDelay);
    }
  }

  /**
   * hls.js's live defaults for {@code url}: start 3 segments from the live edge, buffer up to
   * 30 s, reload as RFC 8216 says, retry a failed segment twice after 250 ms, no decode check.
   */
  public static ProbeConfig of(URI url, Duration duration) {
    return new ProbeConfig(url, duration, 3, 30, PollPolicy.rfc8216(), 2,
        Duration.ofMillis(250), false, Long.MAX_VALUE);
  }

  public ProbeConfig withDuration(Duration value) {
    return new ProbeConfig(url, value, liveSyncSegments, maxBufferSeconds, poll, segmentRetries,
        retryDelay, decodeCheck, maxBandwidth);
  }

  public ProbeConfig withLiveSyncSegments(int value) {
    return new ProbeConfig(url, duration, value, maxBufferSeconds, poll, segmentRetries,
        retryDelay, decodeCheck, maxBandwidth);
  }

  public ProbeConfig withMaxBufferSeconds(double value) {
    return new ProbeConfig(url, duration, liveSyncSegments, value, poll, segmentRetries,
        retryDelay, decodeCheck, maxBandwidth);
  }

  public ProbeConfig withPoll(PollPolicy value) {
    return new ProbeConfig(url, duration, liveSyncSegments, maxBufferSeconds, value,
        segmentRetries, retryDelay, decodeCheck, maxBandwidth);
  }

  public ProbeConfig withSegmentRetries(int value) {
    return new ProbeConfig(url, duration, liveSyncSegments, maxBufferSeconds, poll, value,
        retryDelay, decodeCheck, maxBandwidth);
  }

  public ProbeConfig withRetryDelay(Duration value) {
    return new ProbeConfig(url, duration, liveSyncSegments, maxBufferSeconds, poll,
        segmentRetries, value, decodeCheck, maxBandwidth);
  }

  public ProbeConfig withMaxBandwidth(long value) {
    return new ProbeConfig(url, duration, liveSyncSegments, maxBufferSeconds, poll,
        segmentRetries, retryDelay, decodeCheck, value);
  }

  public ProbeConfig withDecodeCheck(boolean value) {
    return new ProbeConfig(url, duration, liveSyncSegments, maxBufferSeconds, poll,
        segmentRetries, retryDelay, value, maxBandwidth);
  }
}
