package io.streaminglab.origin;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;

/**
 * A regular file opened for one response, with the size and validators of the very bytes that
 * will be sent.
 *
 * <p>Packagers replace playlists by renaming a new file over the old one. The size comes from
 * the open channel, and the attributes are read before and after opening: if the file changed
 * in between, it is opened again, so that an ETag never describes other bytes than the body.
 */
final class ServedFile implements Closeable {
  private static final int ATTEMPTS = 3;

  private final Path path;
  private final FileChannel channel;
  private final long size;
  private final FileTime lastModified;
  private final Object fileKey;

  private ServedFile(Path path, FileChannel channel, long size, FileTime lastModified,
      Object fileKey) {
    this.path = path;
    this.channel = channel;
    this.size = size;
    this.lastModified = lastModified;
    this.fileKey = fileKey;
  }

  /** Opens {@code path}, which must be a real path (no symbolic links) to a regular file. */
  static ServedFile open(Path path) throws IOException {
    for (int attempt = 1; ; attempt++) {
      BasicFileAttributes before = attributes(path);
      FileChannel channel = FileChannel.open(path, StandardOpenOption.READ,
          LinkOption.NOFOLLOW_LINKS);
      try {
        BasicFileAttributes after = attributes(path);
        if (sameFile(before, after) || attempt == ATTEMPTS) {
          return new ServedFile(path, channel, channel.size(), after.lastModifiedTime(),
              after.fileKey());
        }
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
      channel.close();
    }
  }

  private static BasicFileAttributes attributes(Path path) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class,
        LinkOption.NOFOLLOW_LINKS);
    if (!attributes.isRegularFile()) {
      throw new NoSuchFileException(path.toString(), null, "not a regular file");
    }
    return attributes;
  }

  private static boolean sameFile(BasicFileAttributes a, BasicFileAttributes b) {
    return Objects.equals(a.fileKey(), b.fileKey())
        && a.lastModifiedTime().equals(b.lastModifiedTime())
        && a.size() == b.size();
  }

  Path path() {
    return path;
  }

  /** The open file; whoever takes it for a {@code FileRegion} takes over closing it. */
  FileChannel channel() {
    return channel;
  }

  long size() {
    return size;
  }

  FileTime lastModified() {
    return lastModified;
  }

  /** The file system's identity of the file (device and inode on Unix), or null. */
  Object fileKey() {
    return fileKey;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
