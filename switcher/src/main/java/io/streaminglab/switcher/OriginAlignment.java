package io.streaminglab.switcher;

import io.streaminglab.hls.MediaPlaylist;
import io.streaminglab.hls.MediaSegment;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Whether the two origins are aligned (each sequence number both list names the same file with
 * the same program-date-time, so a failover is seamless) as an operator should hear it: judged
 * only while both origins are healthy, and reported only once a verdict has held for
 * {@link #SETTLE}, so that a packager's restart or a poll that caught one origin a segment ahead
 * is not news. Pure: the caller passes the time.
 *
 * <p>Unaligned origins are not a fault the switcher cannot handle (it splices by date with a
 * discontinuity), but they make every failover visible to a player as a discontinuity and
 * mean that two switchers no longer serve the same playlist after one: a redundant chain whose
 * encoder feeds its ingests without a clock, or two encoders split across the ingests
 * (docs/redundant-ingest.md).
 */
final class OriginAlignment {
  /** How long a new verdict must hold before it is reported. */
  static final Duration SETTLE = Duration.ofSeconds(6);

  /** A reported verdict; {@code why} says where the origins disagree, empty when aligned. */
  record Verdict(boolean aligned, String why) {}

  private Verdict reported;
  private Verdict candidate;
  private Instant candidateSince;

  /**
   * Judges the origins' latest playlists; returns the verdict when it changes what was reported
   * (the first verdict counts as a change), else null. Playlists of an unhealthy origin, or a
   * missing one, are not judged and leave any pending verdict where it was.
   */
  Verdict update(Instant now, MediaPlaylist primary, MediaPlaylist backup,
      boolean bothHealthy) {
    if (!bothHealthy || primary == null || backup == null) {
      candidate = null;
      return null;
    }
    Verdict seen = judge(primary, backup);
    if (reported != null && reported.aligned() == seen.aligned()) {
      candidate = null;
      return null;
    }
    if (candidate == null || candidate.aligned() != seen.aligned()) {
      candidate = seen;
      candidateSince = now;
      return null;
    }
    candidate = seen;
    if (Duration.between(candidateSince, now).compareTo(SETTLE) < 0) {
      return null;
    }
    reported = seen;
    candidate = null;
    return reported;
  }

  /** The last verdict reported, or null before the first. */
  Verdict reported() {
    return reported;
  }

  /** The verdict on two playlists as they stand, with the first disagreement found. */
  static Verdict judge(MediaPlaylist primary, MediaPlaylist backup) {
    long from = Math.max(primary.mediaSequence(), backup.mediaSequence());
    long to = Math.min(primary.lastSequence(), backup.lastSequence());
    if (from > to) {
      return new Verdict(false, "they list no sequence number in common (primary "
          + range(primary) + ", backup " + range(backup) + ")");
    }
    for (long n = from; n <= to; n++) {
      MediaSegment a = primary.segment(n);
      MediaSegment b = backup.segment(n);
      if (!fileName(a.uri()).equals(fileName(b.uri()))) {
        return new Verdict(false, "segment " + n + " is " + a.uri() + " on the primary and "
            + b.uri() + " on the backup");
      }
      if (!Objects.equals(a.programDateTime(), b.programDateTime())) {
        return new Verdict(false, "segment " + n + " is dated " + a.programDateTime()
            + " on the primary and " + b.programDateTime() + " on the backup");
      }
    }
    return new Verdict(true, "");
  }

  /** The last path segment of a segment URI: origins may list segments by different paths. */
  static String fileName(String uri) {
    String path = URI.create(uri.replace(" ", "%20")).getPath();
    if (path == null) {
      return uri;
    }
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }

  private static String range(MediaPlaylist playlist) {
    return playlist.mediaSequence() + ".." + playlist.lastSequence();
  }
}
