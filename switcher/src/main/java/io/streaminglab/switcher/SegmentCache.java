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
  private final Map<Long, byte[]> entries = new LinkedHashMap<>(64, 0.75f, true);
  private final ConcurrentHashMap<Long, CompletableFuture<byte[]>> loading =
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
  CompletableFuture<byte[]> get(long key, Supplier<CompletableFuture<byte[]>> loader) {
    return load(key, loader, true);
  }

  /** Loads the segment ahead of any request; counts neither a hit nor a miss. */
  CompletableFuture<byte[]> prefetch(long key, Supplier<CompletableFuture<byte[]>> loader) {
    return load(key, loader, false);
  }

  /** Forgets a segment no request can name any more. */
  synchronized void remove(long key) {
    byte[] gone = entries.remove(key);
    if (gone != null) {
      bytes -= gone.length;
    }
  }

  private CompletableFuture<byte[]> load(long key, Supplier<CompletableFuture<byte[]>> loader,
      boolean request) {
    synchronized (this) {
      byte[] cached = entries.get(key);
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
    CompletableFuture<byte[]> mine = new CompletableFuture<>();
    CompletableFuture<byte[]> existing = loading.putIfAbsent(key, mine);
    if (existing != null) {
      return existing;
    }
    synchronized (this) {
      // A load that finished between the look-up above and now left its bytes here.
      byte[] cached = entries.get(key);
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

  /** Whether the segment is in memory now. */
  synchronized boolean contains(long key) {
    return entries.containsKey(key);
  }

  private synchronized void put(long key, byte[] data) {
    if (data.length > maxBytes) {
      return;
    }
    byte[] previous = entries.put(key, data);
    bytes += data.length - (previous == null ? 0 : previous.length);
    for (Iterator<Map.Entry<Long, byte[]>> it = entries.entrySet().iterator();
        bytes > maxBytes && it.hasNext(); ) {
      Map.Entry<Long, byte[]> eldest = it.next();
      bytes -= eldest.getValue().length;
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
