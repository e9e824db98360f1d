package io.streaminglab.switcher;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Origin segments fetched whole before the switcher may publish them, by URI: a pure state
 * machine, fed fetch outcomes with their times, used by one thread (the switcher's monitor).
 *
 * <p>Why: a segment that only one origin can serve (the origins are not aligned, or the other
 * has not listed it yet) has no per-request fallback. If it were published and then turned out
 * truncated, every player would fail on it and lose it. Substituting the other origin's segment
 * of the same date under the same URI is no way out: its cut points, duration and timestamps
 * differ, so the EXTINF already published would be wrong and the content discontinuous where
 * the playlist did not say so (a tag cannot be added afterwards without changing the
 * discontinuity sequence of segments players already loaded), and a sequence number must keep
 * one content. So such a segment is published only once its bytes are here; one that fails is
 * withheld, its origin is judged unhealthy ({@link OriginWatch#segmentFailed}), and the failover
 * splices the other origin in by program date-time with a discontinuity where the players will
 * first see it. The cost is one fetch before publishing, which the switcher made anyway, and
 * while a broken segment is withheld the playlist does not grow, which a player's buffer rides
 * out like a stale origin's.
 *
 * <p>Lifecycle of one URI:
 * <ol>
 *   <li>{@link #due} hands it out to be fetched (it is then in flight);</li>
 *   <li>{@link #fetched} keeps its bytes, or {@link #failed} notes the failure, which
 *       {@link #due} hands out again once {@code retryAfter} has passed;</li>
 *   <li>{@link #take} hands the bytes over to the cache when the segment is published, and
 *       {@link #retain} forgets whatever no origin lists any more.</li>
 * </ol>
 *
 * <p>Bounds: the URIs it knows are at most those the origins list ({@link #retain}), and the
 * bytes it holds at most {@link #MAX_BYTES} (or the limit given): past that, the segments that
 * came whole longest ago are dropped first, and a dropped one is fetched again when it is next
 * {@link #due}. So an origin that lists huge segments, or many that wait behind a withheld one,
 * cannot make the switcher hold more than that in memory.
 */
final class VettedSegments {
  /** The most bytes of whole segments kept waiting to be published by default: 64 MiB. */
  static final long MAX_BYTES = 64L << 20;

  private final Duration retryAfter;
  private final long maxBytes;
  /** By URI, whole ones in the order their bytes came, oldest first. */
  private final Map<URI, Entry> entries = new LinkedHashMap<>();
  private long bytes;

  /** One URI's state: in flight (no bytes, no failure), whole (bytes), or failed at a time. */
  private record Entry(byte[] bytes, Instant failedAt) {
    static final Entry IN_FLIGHT = new Entry(null, null);
  }

  VettedSegments(Duration retryAfter) {
    this(retryAfter, MAX_BYTES);
  }

  VettedSegments(Duration retryAfter, long maxBytes) {
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter == null");
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes <= 0: " + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  /** Whether the bytes at {@code uri} were fetched whole and are waiting to be published. */
  boolean whole(URI uri) {
    Entry entry = entries.get(uri);
    return entry != null && entry.bytes() != null;
  }

  /**
   * Of {@code wanted}, the sources to fetch now: those never tried, and those that failed at
   * least {@code retryAfter} ago. Each is in flight from here until {@link #fetched} or
   * {@link #failed}.
   */
  List<OutputSegment.Source> due(List<OutputSegment.Source> wanted, Instant now) {
    List<OutputSegment.Source> due = new ArrayList<>();
    for (OutputSegment.Source source : wanted) {
      Entry entry = entries.get(source.uri());
      boolean retry = entry != null && entry.failedAt() != null
          && !now.isBefore(entry.failedAt().plus(retryAfter));
      if (entry == null || retry) {
        entries.put(source.uri(), Entry.IN_FLIGHT);
        due.add(source);
      }
    }
    return due;
  }

  /**
   * The fetch of {@code uri} brought whole bytes; when they take the total past the limit, the
   * oldest whole segments are dropped, these last.
   */
  void fetched(URI uri, byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes == null");
    if (entries.get(uri) == Entry.IN_FLIGHT) {
      // Removed and put again, so that whole entries stand in the order their bytes came.
      entries.remove(uri);
      entries.put(uri, new Entry(bytes, null));
      this.bytes += bytes.length;
      for (Iterator<Entry> it = entries.values().iterator();
          this.bytes > maxBytes && it.hasNext(); ) {
        Entry entry = it.next();
        if (entry.bytes() != null) {
          this.bytes -= entry.bytes().length;
          it.remove();
        }
      }
    }
  }

  /** The fetch of {@code uri} failed at {@code now}. */
  void failed(URI uri, Instant now) {
    if (entries.get(uri) == Entry.IN_FLIGHT) {
      entries.put(uri, new Entry(null, now));
    }
  }

  /** Removes and returns the whole bytes of {@code uri}, or null when there are none. */
  byte[] take(URI uri) {
    Entry entry = entries.get(uri);
    if (entry == null || entry.bytes() == null) {
      return null;
    }
    entries.remove(uri);
    bytes -= entry.bytes().length;
    return entry.bytes();
  }

  /** Forgets every URI not in {@code listed}, except those in flight. */
  void retain(Set<URI> listed) {
    for (Iterator<Map.Entry<URI, Entry>> it = entries.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<URI, Entry> e = it.next();
      if (e.getValue() != Entry.IN_FLIGHT && !listed.contains(e.getKey())) {
        if (e.getValue().bytes() != null) {
          bytes -= e.getValue().bytes().length;
        }
        it.remove();
      }
    }
  }

  /** How many URIs are known (in flight, whole or failed). */
  int size() {
    return entries.size();
  }

  /** The bytes of the whole segments it holds. */
  long bytes() {
    return bytes;
  }
}
