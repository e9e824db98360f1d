package io.streaminglab.probe;

import java.time.Instant;
import java.util.Objects;

/**
 * One move of the probe to another URI of the variant it plays: a failover after errors or a
 * stale playlist, or a move that content steering asked for ({@link #STEERING}).
 *
 * @param startedAt the first failed request (when it was sent) or the steering decision
 * @param cause what made the move: an error kind such as {@code CONNECT_REFUSED} or {@code
 *     HTTP_503}, {@link #STALE_PLAYLIST}, or {@link #STEERING}
 * @param fromUri the media playlist left
 * @param fromPathway its PATHWAY-ID, or null
 * @param toUri the media playlist that served the next segment
 * @param toPathway its PATHWAY-ID, or null
 * @param hops how many URIs were tried until one served a segment (1 when the first did)
 * @param firstSequence the first segment the new URI served, or -1 when none did yet
 * @param seconds from {@code startedAt} to that segment's arrival, or -1 when none arrived
 */
public record Failover(Instant startedAt, String cause, String fromUri, String fromPathway,
    String toUri, String toPathway, int hops, long firstSequence, double seconds) {

  /** The cause of a move that the steering manifest asked for. */
  public static final String STEERING = "STEERING";
  /** The cause of a failover from a playlist that stopped growing. */
  public static final String STALE_PLAYLIST = "STALE_PLAYLIST";

  public Failover {
    Objects.requireNonNull(startedAt, "startedAt == null");
    Objects.requireNonNull(cause, "cause == null");
    Objects.requireNonNull(fromUri, "fromUri == null");
    Objects.requireNonNull(toUri, "toUri == null");
  }

  /** Whether the new URI served a segment before the probe ended. */
  public boolean completed() {
    return firstSequence >= 0;
  }
}
