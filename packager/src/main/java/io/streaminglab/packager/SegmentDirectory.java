package io.streaminglab.packager;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A packager's output directory. Every file appears whole or not at all: it is written under a
 * temporary name and renamed, so that an origin never serves half a segment or half a playlist,
 * and a playlist is renamed into place only after the segments it names ({@code live.m3u8}
 * after the {@code index.m3u8} it names).
 */
final class SegmentDirectory {
  static final String PLAYLIST = "index.m3u8";
  /** The multivariant playlist naming {@link #PLAYLIST} as its one variant. */
  static final String MULTIVARIANT_PLAYLIST = "live.m3u8";
  private static final String TEMPORARY_PREFIX = ".tmp-";

  private final Path directory;

  SegmentDirectory(Path directory) throws IOException {
    this.directory = directory;
    Files.createDirectories(directory);
  }

  Path path() {
    return directory;
  }

  /** Writes the segment, after its init segment if that is not here yet. */
  void writeSegment(Segment segment) throws IOException {
    InitSegment init = segment.init();
    if (init != null && !Files.exists(directory.resolve(init.fileName()))) {
      replace(init.fileName(), init.bytes());
    }
    replace(segment.fileName(), segment.bytes());
  }

  void writePlaylist(String text) throws IOException {
    replace(PLAYLIST, text.getBytes(StandardCharsets.UTF_8));
  }

  void writeMultivariantPlaylist(String text) throws IOException {
    replace(MULTIVARIANT_PLAYLIST, text.getBytes(StandardCharsets.UTF_8));
  }

  /** The multivariant playlist an earlier run left, or null when there is none. */
  String readMultivariantPlaylist() throws IOException {
    try {
      return Files.readString(directory.resolve(MULTIVARIANT_PLAYLIST), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  void delete(String fileName) throws IOException {
    Files.deleteIfExists(directory.resolve(fileName));
  }

  /**
   * Removes temporary files a crashed run left, and returns the segment and init segment files
   * already here (an earlier run's), which the caller deletes once no playlist can name them
   * any more.
   */
  List<String> recover() throws IOException {
    List<String> leftovers = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (name.startsWith(TEMPORARY_PREFIX)) {
          Files.deleteIfExists(entry);
        } else if (name.startsWith("seg-") && (name.endsWith(".ts") || name.endsWith(".m4s"))
            || InitSegment.isInitSegmentName(name)) {
          leftovers.add(name);
        }
      }
    }
    return leftovers;
  }

  private void replace(String fileName, byte[] content) throws IOException {
    Path temporary = directory.resolve(TEMPORARY_PREFIX + fileName);
    // One write for the whole file where Files.write would make one per 8 KiB.
    try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      ByteBuffer remaining = ByteBuffer.wrap(content);
      while (remaining.hasRemaining()) {
        channel.write(remaining);
      }
    }
    try {
      Files.move(temporary, directory.resolve(fileName), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, directory.resolve(fileName), StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
