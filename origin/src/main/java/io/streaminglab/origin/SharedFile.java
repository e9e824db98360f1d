package io.streaminglab.origin;

import io.netty.channel.DefaultFileRegion;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open file that many responses send from at once, and that {@link OpenFileCache} may keep
 * between them; its descriptor is closed when the last holder lets it go.
 *
 * <p>Responses only ever read at an explicit position ({@code sendfile(2)} with an offset,
 * positional reads), never through the shared file position, so any number may send from one
 * descriptor at the same time.
 */
final class SharedFile {
  private static final Logger log = LoggerFactory.getLogger(SharedFile.class);

  private final ServedFile file;
  private final AtomicInteger holders;

  /** Takes over {@code file}, held {@code holders} times (at least once, by the caller). */
  SharedFile(ServedFile file, int holders) {
    if (holders < 1) {
      throw new IllegalArgumentException("a shared file starts with a holder, not " + holders);
    }
    this.file = file;
    this.holders = new AtomicInteger(holders);
  }

  /** The open file, to read from while this is held. */
  ServedFile file() {
    return file;
  }

  /** The size, modification time and identity of the open file. */
  FileVersion version() {
    return file.version();
  }

  /**
   * One more holder, unless the last one already let go and the file is closed: false then,
   * and it must not be used.
   */
  boolean tryHold() {
    for (int count = holders.get(); count > 0; count = holders.get()) {
      if (holders.compareAndSet(count, count + 1)) {
        return true;
      }
    }
    return false;
  }

  /** One holder lets go; the last closes the file. */
  void letGo() {
    int left = holders.decrementAndGet();
    if (left == 0) {
      try {
        file.close();
      } catch (IOException e) {
        log.debug("Origin could not close {}: {}", file.path(), e.toString());
      }
    } else if (left < 0) {
      throw new IllegalStateException(file.path() + " was let go more often than held");
    }
  }

  /**
   * A zero-copy region of {@code count} bytes from {@code position}, which takes over the
   * caller's hold and lets go once Netty has sent or dropped the region.
   */
  DefaultFileRegion region(long position, long count) {
    return new Region(this, position, count);
  }

  /** A region whose release lets go of the shared file instead of closing the descriptor. */
  private static final class Region extends DefaultFileRegion {
    private final SharedFile shared;

    Region(SharedFile shared, long position, long count) {
      super(shared.file().channel(), position, count);
      this.shared = shared;
    }

    @Override
    protected void deallocate() {
      shared.letGo();
    }
  }
}
