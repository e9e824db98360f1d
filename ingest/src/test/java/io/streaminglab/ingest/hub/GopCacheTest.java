package io.streaminglab.ingest.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GopCacheTest {
  private static final int CHUNK = GopCache.CHUNK_BYTES;
  private final List<GopCache> caches = new ArrayList<>();

  @AfterEach
  void freeTheChunks() {
    caches.forEach(GopCache::clear);
  }

  @Test
  void aJoinerGetsEveryFrameSinceTheKeyframeByteForByteAcrossChunkBoundaries() {
    GopCache cache = cache(32 << 20);
    Random random = new Random(19);
    List<MediaFrame> sent = new ArrayList<>();
    sent.add(frame(MediaFrame.Kind.VIDEO, 0, true, 3 * CHUNK + 17, random));
    for (int i = 1; i < 200; i++) {
      MediaFrame.Kind kind = i % 3 == 0 ? MediaFrame.Kind.AUDIO : MediaFrame.Kind.VIDEO;
      sent.add(frame(kind, i * 20L, false, 1 + random.nextInt(CHUNK / 3), random));
    }
    sent.forEach(cache::offer);

    List<MediaFrame> replayed = replay(cache);

    assertThat(replayed).hasSameSizeAs(sent);
    for (int i = 0; i < sent.size(); i++) {
      MediaFrame expected = sent.get(i);
      MediaFrame actual = replayed.get(i);
      assertThat(actual.kind()).isEqualTo(expected.kind());
      assertThat(actual.timestamp()).isEqualTo(expected.timestamp());
      assertThat(actual.rtmpTimestamp()).isEqualTo(expected.rtmpTimestamp());
      assertThat(actual.compositionOffset()).isEqualTo(expected.compositionOffset());
      assertThat(actual.keyframe()).isEqualTo(expected.keyframe());
      assertThat(actual.sequenceHeader()).isFalse();
      assertThat(actual.body()).as("frame %d", i).isEqualTo(expected.body())
          .isNotSameAs(expected.body());
    }
  }

  @Test
  void theCacheKeepsItsOwnCopyOfEachBody() {
    GopCache cache = cache(1 << 20);
    byte[] body = {1, 2, 3};
    cache.offer(new MediaFrame(MediaFrame.Kind.VIDEO, 0, 0, 0, true, false, body));

    body[0] = 9;

    assertThat(replay(cache)).singleElement()
        .satisfies(frame -> assertThat(frame.body()).containsExactly(1, 2, 3));
  }

  @Test
  void nothingIsKeptBeforeTheFirstKeyframeAndAKeyframeStartsAgain() {
    GopCache cache = cache(1 << 20);
    cache.offer(frame(MediaFrame.Kind.AUDIO, 0, false, 10, new Random(1)));
    cache.offer(frame(MediaFrame.Kind.VIDEO, 20, false, 10, new Random(1)));
    assertThat(cache.holdsGop()).isFalse();
    assertThat(replay(cache)).isEmpty();

    cache.offer(frame(MediaFrame.Kind.VIDEO, 40, true, 10, new Random(1)));
    cache.offer(frame(MediaFrame.Kind.AUDIO, 50, false, 10, new Random(1)));
    cache.offer(frame(MediaFrame.Kind.VIDEO, 2040, true, 10, new Random(1)));
    cache.offer(frame(MediaFrame.Kind.AUDIO, 2050, false, 10, new Random(1)));

    assertThat(replay(cache)).extracting(MediaFrame::timestamp).containsExactly(2040L, 2050L);
  }

  @Test
  void aGopOverTheLimitIsDroppedWholeUntilTheNextKeyframe() {
    GopCache cache = cache(10_000);
    cache.offer(frame(MediaFrame.Kind.VIDEO, 0, true, 4000, new Random(2)));
    cache.offer(frame(MediaFrame.Kind.VIDEO, 40, false, 4000, new Random(2)));
    cache.offer(frame(MediaFrame.Kind.VIDEO, 80, false, 4000, new Random(2)));

    assertThat(cache.holdsGop()).isFalse();
    cache.offer(frame(MediaFrame.Kind.VIDEO, 120, false, 10, new Random(2)));
    assertThat(replay(cache)).isEmpty();

    cache.offer(frame(MediaFrame.Kind.VIDEO, 2000, true, 10, new Random(2)));
    assertThat(replay(cache)).extracting(MediaFrame::timestamp).containsExactly(2000L);
  }

  @Test
  void tinyFramesCountTheirHeadersAgainstTheLimit() {
    int limit = 100 * (1 + GopCache.FRAME_OVERHEAD_BYTES);
    GopCache cache = cache(limit);
    cache.offer(frame(MediaFrame.Kind.VIDEO, 0, true, 1, new Random(3)));
    for (int i = 1; i < 100; i++) {
      cache.offer(frame(MediaFrame.Kind.AUDIO, i, false, 1, new Random(3)));
    }
    assertThat(cache.holdsGop()).isTrue();
    assertThat(cache.chargedBytes()).isEqualTo(limit);

    cache.offer(frame(MediaFrame.Kind.AUDIO, 100, false, 1, new Random(3)));

    assertThat(cache.holdsGop()).isFalse();
  }

  @Test
  void chunksABurstNeededAreFreedOnceAnOrdinaryGopHasEnded() {
    UnpooledByteBufAllocator allocator = new UnpooledByteBufAllocator(true);
    GopCache cache = new GopCache(32 << 20, allocator);
    caches.add(cache);
    cache.offer(frame(MediaFrame.Kind.VIDEO, 0, true, 10 * CHUNK, new Random(4)));
    assertThat(cache.retainedBytes()).isEqualTo(10L * CHUNK);

    cache.offer(frame(MediaFrame.Kind.VIDEO, 2000, true, CHUNK / 2, new Random(4)));
    assertThat(cache.retainedBytes()).as("kept for a GOP like the last").isEqualTo(10L * CHUNK);
    cache.offer(frame(MediaFrame.Kind.VIDEO, 4000, true, CHUNK / 2, new Random(4)));

    assertThat(cache.retainedBytes()).isEqualTo(CHUNK);
    assertThat(allocator.metric().usedDirectMemory()).isEqualTo(CHUNK);
    assertThat(replay(cache)).extracting(MediaFrame::timestamp).containsExactly(4000L);
    cache.clear();
  }

  @Test
  void theEndOfASessionFreesEveryChunk() {
    UnpooledByteBufAllocator allocator = new UnpooledByteBufAllocator(true);
    GopCache cache = new GopCache(32 << 20, allocator);
    caches.add(cache);
    cache.offer(frame(MediaFrame.Kind.VIDEO, 0, true, 3 * CHUNK, new Random(5)));
    assertThat(allocator.metric().usedDirectMemory()).isEqualTo(3L * CHUNK);

    cache.clear();

    assertThat(allocator.metric().usedDirectMemory()).isZero();
    assertThat(cache.retainedBytes()).isZero();
    assertThat(cache.holdsGop()).isFalse();
    assertThat(replay(cache)).isEmpty();
  }

  private GopCache cache(int limitBytes) {
    GopCache cache = new GopCache(limitBytes);
    caches.add(cache);
    return cache;
  }

  private static List<MediaFrame> replay(GopCache cache) {
    List<MediaFrame> frames = new ArrayList<>();
    cache.replay(frames::add);
    return frames;
  }

  private static MediaFrame frame(MediaFrame.Kind kind, long timestamp, boolean keyframe,
      int size, Random random) {
    byte[] body = new byte[size];
    random.nextBytes(body);
    int compositionOffset = kind == MediaFrame.Kind.VIDEO ? 80 : 0;
    return new MediaFrame(kind, timestamp, timestamp & 0xFFFFFFFFL, compositionOffset, keyframe,
        false, body);
  }
}
