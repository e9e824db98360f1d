package io.streaminglab.probe;

import io.streaminglab.hls.MultivariantPlaylist;
import io.streaminglab.hls.VariantStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which media playlist a probe plays and when it moves to another: the variant chosen from a
 * multivariant playlist, and its redundant copies, one per pathway. A pure state machine; time
 * is passed in.
 *
 * <ol>
 *   <li>The variant is the one with the highest BANDWIDTH that fits the probe's limit (the
 *       lowest when none fits), as hls.js picks a level; its candidates are every variant with
 *       the same BANDWIDTH, RESOLUTION and CODECS, in playlist order: the same stream on other
 *       pathways or hosts. It starts on the steering tag's PATHWAY-ID when a candidate has it,
 *       else on the first candidate.
 *   <li>{@link #failed}: the current candidate is penalised for {@link #PENALTY} (hls.js's
 *       pathway penalty) and the next one takes over, in steering priority order when there is
 *       one, else in playlist order, preferring candidates not penalised.
 *   <li>{@link #steer}: the first pathway in the manifest's priority that has a candidate not
 *       penalised becomes current, if it is not already.
 *   <li>Each move is a {@link Failover} that completes when the new candidate serves a segment
 *       ({@link #segmentServed}); moving on again before that adds a hop to the same one.
 * </ol>
 */
public final class VariantRoute {
  /** How long a failed candidate is passed over: hls.js's PATHWAY_PENALTY_DURATION_MS. */
  public static final Duration PENALTY = Duration.ofMinutes(5);
  /** The pathway of variants without PATHWAY-ID, as hls.js names it. */
  public static final String DEFAULT_PATHWAY = ".";
  /** The most moves a route remembers. */
  static final int MAX_FAILOVERS = 200;

  /** One media playlist URI of the chosen variant. */
  public record Candidate(URI uri, String pathwayId) {
    public Candidate {
      Objects.requireNonNull(uri, "uri == null");
      Objects.requireNonNull(pathwayId, "pathwayId == null");
    }
  }

  private final List<Candidate> candidates;
  private final boolean multivariant;
  private final Map<Integer, Instant> penalised = new HashMap<>();
  private List<String> priority = List.of();
  private int current;
  private Failover pending;
  private final List<Failover> failovers = new ArrayList<>();

  private VariantRoute(List<Candidate> candidates, int current, boolean multivariant) {
    this.candidates = List.copyOf(candidates);
    this.current = current;
    this.multivariant = multivariant;
  }

  /** A media playlist played directly: nothing to move to. */
  public static VariantRoute single(URI mediaPlaylist) {
    return new VariantRoute(List.of(new Candidate(mediaPlaylist, DEFAULT_PATHWAY)), 0, false);
  }

  /**
   * The route through {@code playlist}, loaded from {@code base}, for a player that takes at
   * most {@code maxBandwidth} bits per second.
   *
   * @throws IllegalArgumentException when a chosen variant's URI is not an http URL
   */
  public static VariantRoute of(MultivariantPlaylist playlist, URI base, long maxBandwidth) {
    VariantStream best = null;
    for (VariantStream variant : playlist.variants()) {
      boolean fits = variant.bandwidth() <= maxBandwidth;
      if (best == null
          || (fits && (best.bandwidth() > maxBandwidth || variant.bandwidth() > best.bandwidth()))
          || (!fits && best.bandwidth() > maxBandwidth && variant.bandwidth() < best.bandwidth())) {
        best = variant;
      }
    }
    List<Candidate> candidates = new ArrayList<>();
    for (VariantStream variant : playlist.variants()) {
      if (variant.bandwidth() == best.bandwidth()
          && Objects.equals(variant.resolution(), best.resolution())
          && Objects.equals(variant.codecs(), best.codecs())) {
        URI uri = base.resolve(variant.uri());
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
          throw new IllegalArgumentException("variant URI " + variant.uri()
              + " is not an http URL");
        }
        candidates.add(new Candidate(uri, variant.pathwayId() == null ? DEFAULT_PATHWAY
            : variant.pathwayId()));
      }
    }
    int start = 0;
    String initial = playlist.steering() == null ? null : playlist.steering().pathwayId();
    for (int i = 0; i < candidates.size() && initial != null; i++) {
      if (candidates.get(i).pathwayId().equals(initial)) {
        start = i;
        break;
      }
    }
    return new VariantRoute(candidates, start, true);
  }

  public Candidate current() {
    return candidates.get(current);
  }

  public List<Candidate> candidates() {
    return candidates;
  }

  /** Whether the route came from a multivariant playlist. */
  public boolean multivariant() {
    return multivariant;
  }

  /** Whether there is another candidate to move to. */
  public boolean hasAlternative() {
    return candidates.size() > 1;
  }

  /**
   * A request to the current candidate, sent at {@code firstFailedAt}, failed (or its playlist
   * went stale) at {@code now}, for {@code cause}: it is penalised and the next candidate takes
   * over.
   *
   * @return whether the route moved
   */
  public boolean failed(String cause, Instant firstFailedAt, Instant now) {
    Objects.requireNonNull(cause, "cause == null");
    penalised.put(current, now);
    if (!hasAlternative()) {
      return false;
    }
    int next = nextCandidate(now);
    moveTo(next, cause, firstFailedAt);
    return true;
  }

  /**
   * A steering manifest ordered the pathways as {@code pathwayPriority}.
   *
   * @return whether the route moved to another pathway
   */
  public boolean steer(List<String> pathwayPriority, Instant now) {
    priority = List.copyOf(pathwayPriority);
    for (String pathway : priority) {
      for (int i = 0; i < candidates.size(); i++) {
        if (candidates.get(i).pathwayId().equals(pathway) && !isPenalised(i, now)) {
          if (i == current || candidates.get(current).pathwayId().equals(pathway)) {
            return false;
          }
          moveTo(i, Failover.STEERING, now);
          return true;
        }
      }
    }
    return false;
  }

  /**
   * {@code servedBy} served segment {@code sequence} at {@code now}; a segment from a candidate
   * left since it was asked for completes no move.
   */
  public void segmentServed(Candidate servedBy, long sequence, Instant now) {
    if (pending == null || !servedBy.equals(current())) {
      return;
    }
    double seconds = Math.round(Duration.between(pending.startedAt(), now).toNanos() / 1e6)
        / 1e3;
    record(new Failover(pending.startedAt(), pending.cause(), pending.fromUri(),
        pending.fromPathway(), pending.toUri(), pending.toPathway(), pending.hops(), sequence,
        seconds));
    pending = null;
  }

  /** Every move so far, the one still waiting for a segment last. */
  public List<Failover> failovers() {
    List<Failover> all = new ArrayList<>(failovers);
    if (pending != null) {
      all.add(pending);
    }
    return all;
  }

  private void moveTo(int next, String cause, Instant startedAt) {
    Candidate from = candidates.get(current);
    Candidate to = candidates.get(next);
    if (pending != null && !Failover.STEERING.equals(cause)) {
      // Still no segment since the last move: one failover with another hop.
      pending = new Failover(pending.startedAt(), pending.cause(), pending.fromUri(),
          pending.fromPathway(), to.uri().toString(), to.pathwayId(), pending.hops() + 1, -1,
          -1);
    } else {
      if (pending != null) {
        record(pending);
      }
      pending = new Failover(startedAt, cause, from.uri().toString(), from.pathwayId(),
          to.uri().toString(), to.pathwayId(), 1, -1, -1);
    }
    current = next;
  }

  private int nextCandidate(Instant now) {
    List<Integer> order = new ArrayList<>();
    for (String pathway : priority) {
      for (int i = 0; i < candidates.size(); i++) {
        if (candidates.get(i).pathwayId().equals(pathway) && !order.contains(i)) {
          order.add(i);
        }
      }
    }
    int position = order.indexOf(current);
    for (int step = 1; step <= candidates.size(); step++) {
      int i = (current + step) % candidates.size();
      if (!order.contains(i)) {
        order.add(i);
      }
    }
    // From just after the current one, wrapping: the first not penalised, else the next.
    int start = position < 0 ? 0 : position + 1;
    Integer fallback = null;
    for (int k = 0; k < order.size(); k++) {
      int i = order.get((start + k) % order.size());
      if (i == current) {
        continue;
      }
      if (!isPenalised(i, now)) {
        return i;
      }
      if (fallback == null) {
        fallback = i;
      }
    }
    return fallback;
  }

  /**
   * Whether the current candidate is itself penalised: after {@link #failed}, every candidate
   * has failed lately, and the next try should wait rather than follow at once.
   */
  public boolean currentPenalised(Instant now) {
    return isPenalised(current, now);
  }

  private boolean isPenalised(int candidate, Instant now) {
    Instant since = penalised.get(candidate);
    return since != null && now.isBefore(since.plus(PENALTY));
  }

  private void record(Failover failover) {
    if (failovers.size() < MAX_FAILOVERS) {
      failovers.add(failover);
    }
  }
}
