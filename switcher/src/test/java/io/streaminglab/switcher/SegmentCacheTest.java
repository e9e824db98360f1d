package io.streaminglab.switcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SegmentCacheTest {
  private final SegmentCache cache = new SegmentCache(1000);

  @Test
  void concurrentRequestsForOneSegmentLoadItOnce() {
    AtomicInteger loads = new AtomicInteger();
    CompletableFuture<byte[]> pending = new CompletableFuture<>();

    CompletableFuture<byte[]> first = cache.get(1, () -> {
      loads.incrementAndGet();
      return pending;
    });
    CompletableFuture<byte[]> second = cache.get(1, () -> {
      loads.incrementAndGet();
      return pending;
    });
    pending.complete(new byte[10]);

    assertThat(loads).hasValue(1);
    assertThat(first.join()).hasSize(10);
    assertThat(second.join()).hasSize(10);
    assertThat(cache.get(1, () -> CompletableFuture.failedFuture(new AssertionError())).join())
        .hasSize(10);
    assertThat(cache.hits()).isEqualTo(1);
  }

  @Test
  void theLeastRecentlyUsedSegmentsLeaveWhenTheBoundIsPassed() {
    for (long n = 1; n <= 3; n++) {
      cache.get(n, () -> CompletableFuture.completedFuture(new byte[400])).join();
    }

    assertThat(cache.bytes()).isLessThanOrEqualTo(1000);
    assertThat(cache.contains(1)).isFalse();
    assertThat(cache.contains(3)).isTrue();
  }

  @Test
  void aPrefetchCountsNeitherHitNorMissAndARemovedSegmentIsGone() {
    cache.prefetch(3, () -> CompletableFuture.completedFuture(new byte[100])).join();
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
    assertThat(cache.get(7, () -> CompletableFuture.completedFuture(new byte[1])).join())
        .hasSize(1);
  }
}
