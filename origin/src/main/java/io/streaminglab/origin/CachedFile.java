package io.streaminglab.origin;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The whole content of a small file, read once, with the version it was read from.
 *
 * <p>The bytes are never released: every answer sends a slice of them, and the garbage
 * collector frees them once the {@link SmallFileCache} lets the copy go and the last answer
 * that held a slice has been written.
 */
final class CachedFile {
  private final ByteBuf bytes;
  private final FileVersion version;

  private CachedFile(ByteBuf bytes, FileVersion version) {
    this.bytes = bytes;
    this.version = version;
  }

  /**
   * Reads the whole of {@code file}, which has at most {@link Integer#MAX_VALUE} bytes.
   *
   * @throws IOException when it ends before its size (it was cut short in place) or cannot be
   *     read
   */
  static CachedFile read(ServedFile file) throws IOException {
    int size = Math.toIntExact(file.version().size());
    ByteBuf content = Unpooled.wrappedBuffer(ByteBuffer.allocateDirect(size)).clear();
    file.readInto(content, 0, size);
    return new CachedFile(Unpooled.unreleasableBuffer(content.asReadOnly()), file.version());
  }

  /** {@code length} bytes from {@code first}, a view of their own that need not be released. */
  ByteBuf slice(long first, long length) {
    return bytes.slice(Math.toIntExact(first), Math.toIntExact(length));
  }

  /** The version the bytes were read from. */
  FileVersion version() {
    return version;
  }
}
