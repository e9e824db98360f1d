package io.streaminglab.switcher;

import io.streaminglab.hls.MediaPlaylist;
import io.streaminglab.hls.MediaSegment;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/**
 * What the switcher knows of one origin from its polls, and its health verdict: a pure state
 * machine fed poll results with their times.
 *
 * <p>An origin is unhealthy when its last poll failed (refused, timed out, 5xx, not a
 * playlist), or when it is stale: its playlist has not grown for 1.5 target durations (the
 * reload bound of RFC 8216, section 6.3.4), or its segment age (now minus the last
 * EXT-X-PROGRAM-DATE-TIME, the seed lab's measure) passes the configured threshold. It is also
 * unhealthy while a segment it listed, which the switcher could fetch from it alone, came back
 * broken ({@link #segmentFailed}): from then until that segment, or once it has left the
 * playlist the newest one, is fetched whole ({@link #segmentToRecheck()}).
 */
public final class OriginWatch {
  private final Origin origin;
  private final URI playlistUrl;
  private final Duration segmentAgeThreshold;

  private PollResult last;
  private Instant lastPollAt;
  private MediaPlaylist playlist;
  private Instant playlistAt;
  private long lastSequence = -1;
  private Instant grewAt;
  private long http5xx;
  private long polls;
  private URI brokenSegment;
  private String brokenReason;

  /**
   * @param playlistUrl the origin's playlist, against which its segment URIs resolve
   * @param segmentAgeThreshold may be null: then only growth decides staleness
   */
  public OriginWatch(Origin origin, URI playlistUrl, Duration segmentAgeThreshold) {
    this.origin = origin;
    this.playlistUrl = playlistUrl;
    this.segmentAgeThreshold = segmentAgeThreshold;
  }

  public Origin origin() {
    return origin;
  }

  public void onPoll(Instant now, PollResult result) {
    polls++;
    last = result;
    lastPollAt = now;
    if (result.status() >= 500) {
      http5xx++;
    }
    if (!result.succeeded()) {
      return;
    }
    playlist = result.playlist();
    playlistAt = now;
    long sequence = playlist.lastSequence();
    if (grewAt == null || sequence > lastSequence) {
      grewAt = now;
    }
    lastSequence = sequence;
  }

  public FailoverPolicy.Health health(Instant now) {
    if (last == null) {
      return FailoverPolicy.Health.bad("not polled yet");
    }
    if (!last.succeeded()) {
      return FailoverPolicy.Health.bad(last.error());
    }
    if (playlist.endList()) {
      return FailoverPolicy.Health.bad("ended (EXT-X-ENDLIST)");
    }
    if (brokenSegment != null) {
      return FailoverPolicy.Health.bad("served a broken segment (" + brokenReason + ")");
    }
    Duration staleAfter = Duration.ofMillis(Math.max(1, playlist.targetDurationSeconds()) * 1500);
    Duration sinceGrowth = Duration.between(grewAt, now);
    if (sinceGrowth.compareTo(staleAfter) > 0) {
      return FailoverPolicy.Health.bad("stale: playlist has not grown for "
          + String.format(java.util.Locale.ROOT, "%.1f", sinceGrowth.toMillis() / 1000.0) + " s");
    }
    Duration age = segmentAge(now);
    if (segmentAgeThreshold != null && age != null && age.compareTo(segmentAgeThreshold) > 0) {
      return FailoverPolicy.Health.bad("segment age " + age.toSeconds() + " s over the threshold of "
          + segmentAgeThreshold.toSeconds() + " s");
    }
    return FailoverPolicy.Health.GOOD;
  }

  /**
   * A segment of this origin ({@code uri}, resolved against its playlist) could not be fetched
   * whole. Returns whether that is news: the origin was not known to serve broken segments.
   */
  public boolean segmentFailed(URI uri, String reason) {
    boolean news = brokenSegment == null;
    if (news || !listed(brokenSegment)) {
      brokenSegment = uri;
      brokenReason = reason;
    }
    return news;
  }

  /**
   * A segment of this origin was fetched whole. Returns whether that ends its broken-segment
   * fault: it was the segment {@link #segmentToRecheck()} names.
   */
  public boolean segmentFetched(URI uri) {
    if (brokenSegment == null || !uri.equals(segmentToRecheck())) {
      return false;
    }
    brokenSegment = null;
    brokenReason = null;
    return true;
  }

  /**
   * The segment whose whole fetch would end the broken-segment fault: the broken one while the
   * playlist still lists it, else the newest; null when there is no such fault.
   */
  public URI segmentToRecheck() {
    if (brokenSegment == null) {
      return null;
    }
    if (listed(brokenSegment) || playlist == null || playlist.segments().isEmpty()) {
      return brokenSegment;
    }
    return playlistUrl.resolve(playlist.segments().get(playlist.segments().size() - 1).uri());
  }

  private boolean listed(URI uri) {
    if (playlist == null) {
      return false;
    }
    for (MediaSegment segment : playlist.segments()) {
      if (playlistUrl.resolve(segment.uri()).equals(uri)) {
        return true;
      }
    }
    return false;
  }

  /** Now minus the last segment's program date-time, or null when there is none. */
  public Duration segmentAge(Instant now) {
    if (playlist == null || playlist.segments().isEmpty()) {
      return null;
    }
    MediaSegment newest = playlist.segments().get(playlist.segments().size() - 1);
    return newest.programDateTime() == null ? null
        : Duration.between(newest.programDateTime(), now);
  }

  /** The last playlist this origin served, or null. */
  public MediaPlaylist playlist() {
    return playlist;
  }

  /** When {@link #playlist()} was fetched, or null. */
  public Instant playlistAt() {
    return playlistAt;
  }

  /** The last poll's result, or null. */
  public PollResult lastPoll() {
    return last;
  }

  public Instant lastPollAt() {
    return lastPollAt;
  }

  public long http5xx() {
    return http5xx;
  }

  public long polls() {
    return polls;
  }
}
