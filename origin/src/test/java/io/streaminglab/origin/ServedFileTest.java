package io.streaminglab.origin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServedFileTest {
  private static final UnpooledByteBufAllocator ALLOCATOR = new UnpooledByteBufAllocator(false);

  @TempDir
  Path directory;

  @TempDir
  Path secret;

  private PathResolver resolver;

  @BeforeEach
  void createFiles() throws Exception {
    Files.writeString(directory.resolve("index.m3u8"), "#EXTM3U\n#old\n");
    resolver = new PathResolver(directory);
  }

  @Test
  void describesTheFileItOpened() throws Exception {
    try (ServedFile file = ServedFile.open(resolver.resolve("index.m3u8").orElseThrow())) {
      BasicFileAttributes attributes = Files.readAttributes(file.path(),
          BasicFileAttributes.class);

      assertThat(file.version().size()).isEqualTo(13);
      assertThat(file.version().fileKey()).isEqualTo(attributes.fileKey());
      assertThat(file.version().lastModified()).isEqualTo(attributes.lastModifiedTime());
      assertThat(text(file, 0, 13)).isEqualTo("#EXTM3U\n#old\n");
    }
  }

  @Test
  void opensTheNewFileWhenOneWasRenamedOverItAfterResolving() throws Exception {
    PathResolver.Found found = resolver.resolve("index.m3u8").orElseThrow();
    Path next = Files.writeString(directory.resolve(".index.m3u8.tmp"),
        "#EXTM3U\n#newer, longer\n");
    Object nextKey = Files.readAttributes(next, BasicFileAttributes.class).fileKey();
    Files.move(next, directory.resolve("index.m3u8"), StandardCopyOption.ATOMIC_MOVE);

    try (ServedFile file = ServedFile.open(found)) {
      assertThat(file.version().size()).isEqualTo(23);
      assertThat(file.version().fileKey()).isEqualTo(nextKey);
      assertThat(text(file, 0, 23)).isEqualTo("#EXTM3U\n#newer, longer\n");
    }
  }

  @Test
  void aFileReplacedByALinkAfterResolvingIsNotFound() throws Exception {
    PathResolver.Found found = resolver.resolve("index.m3u8").orElseThrow();
    Path outside = Files.writeString(secret.resolve("secret.txt"), "secret");
    Files.delete(directory.resolve("index.m3u8"));
    Files.createSymbolicLink(directory.resolve("index.m3u8"), outside);

    assertThatThrownBy(() -> ServedFile.open(found)).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void readsARange() throws Exception {
    try (ServedFile file = ServedFile.open(resolver.resolve("index.m3u8").orElseThrow())) {
      assertThat(text(file, 8, 4)).isEqualTo("#old");
    }
  }

  @Test
  void saysSoWhenTheFileWasCutShortWhileBeingRead() throws Exception {
    try (ServedFile file = ServedFile.open(resolver.resolve("index.m3u8").orElseThrow())) {
      try (FileChannel writer = FileChannel.open(file.path(), StandardOpenOption.WRITE)) {
        writer.truncate(5);
      }

      assertThatThrownBy(() -> file.read(ALLOCATOR, 0, 13))
          .isInstanceOf(IOException.class).hasMessageContaining("truncated");
    }
  }

  private static String text(ServedFile file, long position, int length) throws IOException {
    ByteBuf buffer = file.read(ALLOCATOR, position, length);
    try {
      return buffer.toString(StandardCharsets.UTF_8);
    } finally {
      buffer.release();
    }
  }
}
