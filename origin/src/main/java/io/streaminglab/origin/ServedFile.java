package io.streaminglab.origin;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;

/**
 * A regular file opened for one response, with the size and validators of the very bytes that
 * will be sent.
 *
 * <p>Packagers replace playlists by renaming a new file over the old one. The attributes are
 * read before opening (by {@link PathResolver}, while it resolved the path) and again after: if
 * the file changed in between, it is opened again, so that an ETag never describes other bytes
 * than the body. When the two agree, the file that was opened is the one they describe, and its
 * size is theirs; when it keeps changing, the last attempt takes its size from the open channel.
 */
final class ServedFile implements Closeable {
  private static final int ATTEMPTS = 3;
  private static final Set<OpenOption> READ_NO_FOLLOW =
      Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

  private final Path path;
  private final FileChannel channel;
  private final FileVersion version;
  private final boolean attributesConfirmed;

  private ServedFile(Path path, FileChannel channel, FileVersion version,
      boolean attributesConfirmed) {
    this.path = path;
    this.channel = channel;
    this.version = version;
    this.attributesConfirmed = attributesConfirmed;
  }

  /** Opens the file {@link PathResolver} found, whose path has no symbolic links. */
  static ServedFile open(PathResolver.Found found) throws IOException {
    Path path = found.path();
    BasicFileAttributes before = found.attributes();
    for (int attempt = 1; ; attempt++) {
      FileChannel channel = openChannel(path);
      try {
        BasicFileAttributes after = attributes(path);
        if (sameFile(before, after)) {
          return new ServedFile(path, channel, FileVersion.of(after), true);
        }
        if (attempt == ATTEMPTS) {
          return new ServedFile(path, channel,
              new FileVersion(channel.size(), after.lastModifiedTime(), after.fileKey()), false);
        }
        before = after;
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
      channel.close();
    }
  }

  /**
   * Opens {@code path} for reading without following a link; when that fails because it is no
   * longer a regular file (a link or anything else put there since it was resolved), it is not
   * found.
   */
  private static FileChannel openChannel(Path path) throws IOException {
    try {
      return FileChannel.open(path, READ_NO_FOLLOW);
    } catch (NoSuchFileException e) {
      throw e;
    } catch (IOException e) {
      attributes(path); // NoSuchFileException unless it is still a regular file
      throw e;
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
    return FileVersion.of(a).equals(FileVersion.of(b));
  }

  Path path() {
    return path;
  }

  /** The open file, to send from at explicit positions; {@link #close()} closes it. */
  FileChannel channel() {
    return channel;
  }

  /** The size, modification time and identity of the open file. */
  FileVersion version() {
    return version;
  }

  /**
   * Whether the attributes were read twice around the open and agreed, so that they describe
   * the open file; false when it kept changing and they may be another version's.
   */
  boolean attributesConfirmed() {
    return attributesConfirmed;
  }

  /**
   * Reads {@code length} bytes from {@code position} into a new buffer of {@code allocator}'s,
   * which the caller releases.
   *
   * @throws IOException when the file ends before them (it was cut short in place) or cannot be
   *     read
   */
  ByteBuf read(ByteBufAllocator allocator, long position, int length) throws IOException {
    ByteBuf buffer = allocator.ioBuffer(length);
    try {
      readInto(buffer, position, length);
      return buffer;
    } catch (IOException | RuntimeException e) {
      buffer.release();
      throw e;
    }
  }

  /**
   * Appends {@code length} bytes from {@code position} to {@code buffer}, which has room for
   * them.
   *
   * @throws IOException when the file ends before them (it was cut short in place) or cannot be
   *     read
   */
  void readInto(ByteBuf buffer, long position, int length) throws IOException {
    int start = buffer.writerIndex();
    for (int done = 0; done < length; done = buffer.writerIndex() - start) {
      if (buffer.writeBytes(channel, position + done, length - done) < 0) {
        throw new IOException(path + " ended " + (length - done)
            + " bytes early: it was truncated while being read");
      }
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
