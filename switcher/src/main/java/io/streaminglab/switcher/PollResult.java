package io.streaminglab.switcher;

import io.streaminglab.hls.MediaPlaylist;
import java.time.Duration;
import java.util.Objects;

/**
 * What one poll of an origin's playlist got.
 *
 * @param status the HTTP status, or 0 when no response came
 * @param playlist the parsed playlist, or null when the poll failed
 * @param error why it failed, or null
 * @param latency how long the poll took
 */
public record PollResult(int status, MediaPlaylist playlist, String error, Duration latency) {
  public PollResult {
    Objects.requireNonNull(latency, "latency == null");
    if ((playlist == null) == (error == null)) {
      throw new IllegalArgumentException("exactly one of playlist and error");
    }
  }

  public static PollResult ok(int status, MediaPlaylist playlist, Duration latency) {
    return new PollResult(status, playlist, null, latency);
  }

  public static PollResult failed(int status, String error, Duration latency) {
    return new PollResult(status, null, error, latency);
  }

  public boolean succeeded() {
    return playlist != null;
  }
}
