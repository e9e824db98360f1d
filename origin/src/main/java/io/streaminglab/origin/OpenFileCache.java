package io.streaminglab.origin;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Open descriptors of large files (segments), kept between requests as nginx's
 * {@code open_file_cache} keeps them, so that the players asking for the same new segment
 * within a few seconds of each other cost one {@code open} and one {@code close} between them
 * instead of one each.
 *
 * <p>A descriptor is used only while the file is the version it was opened as: the attributes
 * that {@link PathResolver} reads for every request must have its size, modification time and
 * identity (inode). A segment renamed or written over is therefore opened again, and one that
 * was deleted is not found by the resolver at all. The bytes sent always come from the open
 * file itself, never from a copy.
 *
 * <p>A descriptor keeps a deleted file's blocks on disk, so none is kept long: one not used for
 * {@link #UNUSED_FOR} is closed by {@link #closeUnused()}, which the server runs every second,
 * and at most {@value #MAX_FILES} are kept (the least recently used goes first). A response
 * holds the file it sends from (see {@link SharedFile}), so closing one here never cuts a
 * transfer short. Safe for use by every event loop at once.
 */
final class OpenFileCache implements AutoCloseable {
  static final int MAX_FILES = 64;
  static final Duration UNUSED_FOR = Duration.ofSeconds(10);

  private final ConcurrentHashMap<Path, Kept> files = new ConcurrentHashMap<>();
  private final LongSupplier nanoTime;

  /** A cache that tells how long a file went unused by {@code nanoTime}. */
  OpenFileCache(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** A file and when it was last asked for. */
  private static final class Kept {
    final SharedFile file;
    volatile long usedNanos;

    Kept(SharedFile file, long usedNanos) {
      this.file = file;
      this.usedNanos = usedNanos;
    }
  }

  /**
   * The open file {@code found} names, held for the caller, when it is still the version that
   * was opened; else null.
   */
  SharedFile get(PathResolver.Found found) {
    Kept kept = files.get(found.path());
    if (kept == null) {
      return null;
    }
    if (!kept.file.version().equals(found.version())) {
      drop(found.path(), kept);
      return null;
    }
    if (!kept.file.tryHold()) {
      return null; // closed a moment ago by a sweep
    }
    kept.usedNanos = nanoTime.getAsLong();
    return kept.file;
  }

  /**
   * Shares {@code file}, just opened, and keeps it for later requests when its attributes are
   * known to describe it (see {@link ServedFile#attributesConfirmed()}); the result is held for
   * the caller.
   */
  SharedFile keep(ServedFile file) {
    if (!file.attributesConfirmed()) {
      return new SharedFile(file, 1);
    }
    SharedFile shared = new SharedFile(file, 2); // the caller's hold and this cache's
    Kept previous = files.put(file.path(), new Kept(shared, nanoTime.getAsLong()));
    if (previous != null) {
      previous.file.letGo();
    }
    if (files.size() > MAX_FILES) {
      dropLeastRecentlyUsed();
    }
    return shared;
  }

  /** Closes, once no response sends from them any more, the files unused for a while. */
  void closeUnused() {
    long now = nanoTime.getAsLong();
    long unusedFor = UNUSED_FOR.toNanos();
    files.forEach((path, kept) -> {
      if (now - kept.usedNanos >= unusedFor) {
        drop(path, kept);
      }
    });
  }

  /** How many files are kept, for tests. */
  int size() {
    return files.size();
  }

  /** Lets go of every file; those still being sent close when their responses end. */
  @Override
  public void close() {
    files.forEach(this::drop);
  }

  private void dropLeastRecentlyUsed() {
    Map.Entry<Path, Kept> oldest = null;
    for (Map.Entry<Path, Kept> entry : files.entrySet()) {
      if (oldest == null || entry.getValue().usedNanos - oldest.getValue().usedNanos < 0) {
        oldest = entry;
      }
    }
    if (oldest != null) {
      drop(oldest.getKey(), oldest.getValue());
    }
  }

  private void drop(Path path, Kept kept) {
    if (files.remove(path, kept)) {
      kept.file.letGo();
    }
  }
}
