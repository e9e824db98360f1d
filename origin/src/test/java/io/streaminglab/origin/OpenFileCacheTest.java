package io.streaminglab.origin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a segment's descriptor is reused, and when it is closed; the clock is the test's. */
class OpenFileCacheTest {
  @TempDir
  Path directory;

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final OpenFileCache cache = new OpenFileCache(nanos::get);
  private PathResolver resolver;

  @BeforeEach
  void createSegment() throws Exception {
    Files.write(directory.resolve("seg-1.ts"), OriginServerTest.pattern(188 * 200));
    resolver = new PathResolver(directory);
  }

  @Test
  void aSegmentAskedForAgainIsSentFromTheSameOpenFile() throws Exception {
    SharedFile first = openThroughCache("seg-1.ts");
    first.letGo(); // the first response is sent

    SharedFile again = cache.get(found("seg-1.ts"));

    assertThat(again).isSameAs(first);
    assertThat(isOpen(again)).isTrue();
    again.letGo();
    assertThat(isOpen(first)).as("kept for the next request").isTrue();
  }

  @Test
  void aSegmentRenamedOverIsOpenedAgainAndTheOldOneClosedWhenItsResponseEnds() throws Exception {
    SharedFile sending = openThroughCache("seg-1.ts");
    Path next = Files.write(directory.resolve("seg-1.ts.tmp"),
        OriginServerTest.pattern(188 * 200));
    Files.setLastModifiedTime(next, Files.getLastModifiedTime(directory.resolve("seg-1.ts")));
    Files.move(next, directory.resolve("seg-1.ts"), StandardCopyOption.ATOMIC_MOVE);

    assertThat(cache.get(found("seg-1.ts"))).as("another inode, same size and time").isNull();
    assertThat(cache.size()).isZero();
    assertThat(isOpen(sending)).as("its response still sends from it").isTrue();
    sending.letGo();
    assertThat(isOpen(sending)).isFalse();
  }

  @Test
  void aSegmentUnusedForAWhileIsClosed() throws Exception {
    SharedFile file = openThroughCache("seg-1.ts");
    file.letGo();
    Duration almost = OpenFileCache.UNUSED_FOR.minusMillis(1);

    advance(almost);
    cache.get(found("seg-1.ts")).letGo();
    advance(almost);
    cache.closeUnused();
    assertThat(isOpen(file)).as("used %s ago", almost).isTrue();

    advance(Duration.ofMillis(1));
    cache.closeUnused();
    assertThat(cache.size()).isZero();
    assertThat(isOpen(file)).isFalse();
  }

  @Test
  void aSweepNeverCutsAResponseShort() throws Exception {
    SharedFile sending = openThroughCache("seg-1.ts");

    advance(OpenFileCache.UNUSED_FOR);
    cache.closeUnused();

    assertThat(cache.size()).isZero();
    assertThat(isOpen(sending)).isTrue();
    sending.letGo();
    assertThat(isOpen(sending)).isFalse();
  }

  @Test
  void keepsAtMostItsLimitAndLetsTheLeastRecentlyUsedGo() throws Exception {
    for (int i = 0; i <= OpenFileCache.MAX_FILES; i++) {
      Files.write(directory.resolve("seg-" + (100 + i) + ".ts"), new byte[] {(byte) i});
    }
    for (int i = 0; i < OpenFileCache.MAX_FILES; i++) {
      openThroughCache("seg-" + (100 + i) + ".ts").letGo();
      advance(Duration.ofMillis(1));
    }
    cache.get(found("seg-100.ts")).letGo();
    advance(Duration.ofMillis(1));

    openThroughCache("seg-" + (100 + OpenFileCache.MAX_FILES) + ".ts").letGo();

    assertThat(cache.size()).isEqualTo(OpenFileCache.MAX_FILES);
    assertThat(cache.get(found("seg-101.ts"))).as("the least recently used").isNull();
    SharedFile oldestButUsed = cache.get(found("seg-100.ts"));
    assertThat(oldestButUsed).isNotNull();
    oldestButUsed.letGo();
  }

  @Test
  void closingLetsGoOfEveryFile() throws Exception {
    SharedFile idle = openThroughCache("seg-1.ts");
    idle.letGo();
    Files.write(directory.resolve("seg-2.ts"), OriginServerTest.pattern(188));
    SharedFile sending = openThroughCache("seg-2.ts");

    cache.close();

    assertThat(cache.size()).isZero();
    assertThat(isOpen(idle)).isFalse();
    assertThat(isOpen(sending)).isTrue();
    sending.letGo();
    assertThat(isOpen(sending)).isFalse();
  }

  @Test
  void aClosedFileCannotBeHeldAgain() throws Exception {
    SharedFile file = new SharedFile(ServedFile.open(found("seg-1.ts")), 1);
    file.letGo();

    assertThat(file.tryHold()).isFalse();
    assertThatThrownBy(file::letGo).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("let go more often than held");
  }

  private SharedFile openThroughCache(String name) throws Exception {
    return cache.keep(ServedFile.open(found(name)));
  }

  private PathResolver.Found found(String name) throws Exception {
    return resolver.resolve(name).orElseThrow();
  }

  private void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }

  private static boolean isOpen(SharedFile file) {
    return file.file().channel().isOpen();
  }
}
