package io.streaminglab.origin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmallFileCacheTest {
  private static final String OLD = "#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:12\n";
  private static final String NEW = "#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:13\n";

  @TempDir
  Path directory;

  private PathResolver resolver;
  private final SmallFileCache cache = new SmallFileCache();

  @BeforeEach
  void createPlaylist() throws Exception {
    Files.writeString(directory.resolve("index.m3u8"), OLD);
    resolver = new PathResolver(directory);
  }

  @Test
  void keepsTheCopyWhileTheFileIsUnchanged() throws Exception {
    CachedFile read = readThroughCache("index.m3u8");

    assertThat(text(read)).isEqualTo(OLD);
    assertThat(cache.get(resolver.resolve("index.m3u8").orElseThrow())).isSameAs(read);
  }

  @Test
  void aPlaylistRenamedOverTheOldOneIsReadAgainEvenAtTheSameSize() throws Exception {
    readThroughCache("index.m3u8");
    Path next = Files.writeString(directory.resolve(".index.m3u8.tmp"), NEW);
    Files.setLastModifiedTime(next, Files.getLastModifiedTime(directory.resolve("index.m3u8")));
    Files.move(next, directory.resolve("index.m3u8"), StandardCopyOption.ATOMIC_MOVE);

    PathResolver.Found found = resolver.resolve("index.m3u8").orElseThrow();
    assertThat(cache.get(found)).as("another inode, same size and time").isNull();
    assertThat(text(readThroughCache("index.m3u8"))).isEqualTo(NEW);
  }

  @Test
  void aFileChangedInPlaceIsReadAgainWhenItsSizeOrTimeChanged() throws Exception {
    readThroughCache("index.m3u8");
    Files.writeString(directory.resolve("index.m3u8"), "#EXT-X-ENDLIST\n",
        StandardOpenOption.APPEND);

    assertThat(cache.get(resolver.resolve("index.m3u8").orElseThrow())).isNull();
    assertThat(text(readThroughCache("index.m3u8"))).isEqualTo(OLD + "#EXT-X-ENDLIST\n");
  }

  @Test
  void aFileCutShortWhileOpenIsNotKept() throws Exception {
    try (ServedFile file = ServedFile.open(resolver.resolve("index.m3u8").orElseThrow());
        FileChannel channel = FileChannel.open(directory.resolve("index.m3u8"),
            StandardOpenOption.WRITE)) {
      channel.truncate(10);

      assertThatThrownBy(() -> cache.read(file)).isInstanceOf(IOException.class)
          .hasMessageContaining("truncated");
    }
    assertThat(cache.size()).isZero();
  }

  @Test
  void keepsAtMostItsLimitOfFiles() throws Exception {
    for (int i = 0; i < SmallFileCache.MAX_FILES + 10; i++) {
      Files.writeString(directory.resolve("v" + i + ".m3u8"), "#EXTM3U\n#" + i + "\n");
      readThroughCache("v" + i + ".m3u8");
    }

    assertThat(cache.size()).isEqualTo(SmallFileCache.MAX_FILES);
    PathResolver.Found last = resolver.resolve("v" + (SmallFileCache.MAX_FILES + 9) + ".m3u8")
        .orElseThrow();
    assertThat(cache.get(last)).as("the newest is kept").isNotNull();
  }

  @Test
  void aSliceIsAViewOfItsOwn() throws Exception {
    CachedFile read = readThroughCache("index.m3u8");

    var slice = read.slice(8, 5);
    slice.readByte();
    slice.release();

    assertThat(ByteBufUtil.getBytes(read.slice(8, 5))).isEqualTo("#EXT-".getBytes(
        StandardCharsets.US_ASCII));
    assertThat(text(read)).isEqualTo(OLD);
  }

  private CachedFile readThroughCache(String name) throws Exception {
    try (ServedFile file = ServedFile.open(resolver.resolve(name).orElseThrow())) {
      return cache.read(file);
    }
  }

  private static String text(CachedFile file) {
    return file.slice(0, file.version().size()).toString(StandardCharsets.UTF_8);
  }
}
