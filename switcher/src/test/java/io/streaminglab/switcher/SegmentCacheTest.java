package io.streaminglab.switcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SegmentCacheTest {
  private final SegmentCache cache = new SegmentCache(1000);

  private static FetchedSegment segment(int size) {
    return new FetchedSegment(Origin.PRIMARY, new byte[size]);
  }

  @Test
  void concurrentRequestsForOneSegmentLoadItOnce() {
    AtomicInteger loads = new AtomicInteger();
    CompletableFuture<FetchedSegment> pending = new CompletableFuture<>();

    CompletableFuture<FetchedSegment> first = cache.get(1, () -> {
      loads.incrementAndGet();
      return pending;
    });
    CompletableFuture<FetchedSegment> second = cache.get(1, () -> {
      loads.incrementAndGet();
      return pending;
    });
    pending.complete(segment(10));

    assertThat(loads).hasValue(1);
    assertThat(first.join().bytes()).hasSize(10);
    assertThat(second.join().bytes()).hasSize(10);
    assertThat(cache.get(1, () -> CompletableFuture.failedFuture(new AssertionError())).join()
        .bytes()).hasSize(10);
    assertThat(cache.hits()).isEqualTo(1);
  }

  @Test
  void theLeastRecentlyUsedSegmentsLeaveWhenTheBoundIsPassed() {
    for (long n = 1; n <= 3; n++) {
      cache.get(n, () -> CompletableFuture.completedFuture(segment(400))).join();
    }

    assertThat(cache.bytes()).isLessThanOrEqualTo(1000);
    assertThat(cache.contains(1)).isFalse();
    assertThat(cache.contains(3)).isTrue();
  }

  @Test
  void aPrefetchCountsNeitherHitNorMissAndARemovedSegmentIsGone() {
    cache.prefetch(3, () -> CompletableFuture.completedFuture(segment(100))).join();
    cache.get(3, () -> CompletableFuture.failedFuture(new AssertionError())).join();

    assertThat(cache.misses()).isZero();
    assertThat(cache.hits()).isEqualTo(1);
    cache.remove(3);
    assertThat(cache.contains(3)).isFalse();
    assertThat(cache.bytes()).isZero();
  }

  @Test
  void aFailedLoadIsNotKeptAndTheNextRequestTriesAgain() {
    cache.get(7, () -> CompletableFuture.failedFuture(new java.io.IOException("down")))
        .exceptionally(error -> null).join();

    assertThat(cache.contains(7)).isFalse();
    assertThat(cache.get(7, () -> CompletableFuture.completedFuture(segment(1))).join()
        .bytes()).hasSize(1);
  }
}
