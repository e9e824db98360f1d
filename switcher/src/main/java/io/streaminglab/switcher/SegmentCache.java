package io.streaminglab.switcher;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Segments in memory, bounded in bytes and evicted least recently used first, with one load per
 * segment however many requests ask for it at once.
 */
final class SegmentCache {
  private final long maxBytes;
  private final Map<Long, FetchedSegment> entries = new LinkedHashMap<>(64, 0.75f, true);
  private final ConcurrentHashMap<Long, CompletableFuture<FetchedSegment>> loading =
      new ConcurrentHashMap<>();
  private long bytes;
  private long hits;
  private long misses;

  SegmentCache(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /**
   * The segment numbered {@code key}: from memory, from a load already under way, or from a new
   * {@code loader} call whose result is kept.
   */
  CompletableFuture<FetchedSegment> get(long key,
      Supplier<CompletableFuture<FetchedSegment>> loader) {
    return load(key, loader, true);
  }

  /** Loads the segment ahead of any request; counts neither a hit nor a miss. */
  CompletableFuture<FetchedSegment> prefetch(long key,
      Supplier<CompletableFuture<FetchedSegment>> loader) {
    return load(key, loader, false);
  }

  /** Forgets a segment no request can name any more. */
  synchronized void remove(long key) {
    FetchedSegment gone = entries.remove(key);
    if (gone != null) {
      bytes -= gone.bytes().length;
    }
  }

  private CompletableFuture<FetchedSegment> load(long key,
      Supplier<CompletableFuture<FetchedSegment>> loader, boolean request) {
    synchronized (this) {
      FetchedSegment cached = entries.get(key);
      if (cached != null) {
        if (request) {
          hits++;
        }
        return CompletableFuture.completedFuture(cached);
      }
      if (request) {
        misses++;
      }
    }
    CompletableFuture<FetchedSegment> mine = new CompletableFuture<>();
    CompletableFuture<FetchedSegment> existing = loading.putIfAbsent(key, mine);
    if (existing != null) {
      return existing;
    }
    synchronized (this) {
      // A load that finished between the look-up above and now left its bytes here.
      FetchedSegment cached = entries.get(key);
      if (cached != null) {
        loading.remove(key, mine);
        mine.complete(cached);
        return mine;
      }
    }
    loader.get().whenComplete((data, error) -> {
      if (error == null) {
        put(key, data);
      }
      loading.remove(key, mine);
      if (error == null) {
        mine.complete(data);
      } else {
        mine.completeExceptionally(error);
      }
    });
    return mine;
  }

  /** The length of a segment in memory, or -1; not a request, so neither a hit nor a miss. */
  synchronized long length(long key) {
    FetchedSegment cached = entries.get(key);
    return cached == null ? -1 : cached.bytes().length;
  }

  /** Whether the segment is in memory now. */
  synchronized boolean contains(long key) {
    return entries.containsKey(key);
  }

  /** Keeps a segment fetched (and checked) elsewhere under {@code key}, as a load would. */
  synchronized void put(long key, FetchedSegment data) {
    if (data.bytes().length > maxBytes) {
      return;
    }
    FetchedSegment previous = entries.put(key, data);
    bytes += data.bytes().length - (previous == null ? 0 : previous.bytes().length);
    for (Iterator<Map.Entry<Long, FetchedSegment>> it = entries.entrySet().iterator();
        bytes > maxBytes && it.hasNext(); ) {
      Map.Entry<Long, FetchedSegment> eldest = it.next();
      bytes -= eldest.getValue().bytes().length;
      it.remove();
    }
  }

  synchronized long bytes() {
    return bytes;
  }

  synchronized long hits() {
    return hits;
  }

  synchronized long misses() {
    return misses;
  }
}
