package io.streaminglab.origin;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The content of small files (in practice the live playlists, which every player asks for
 * every few seconds), kept so that answering one costs no open, read or close.
 *
 * <p>A copy is used only while the file is the version it was read from: the attributes that
 * {@link PathResolver} reads for every request must have the size, modification time and
 * identity (inode) of the copy. Packagers replace a playlist by renaming a new file over it,
 * which changes the identity, so the next request reads the new one. A file rewritten in place
 * with the same size within the file system's timestamp resolution would keep its old copy
 * until it changes again; its ETag would not change either (see {@link Validators}), so HTTP
 * caches would keep it just the same.
 *
 * <p>At most {@value #MAX_FILES} files of at most {@value Responder#IN_MEMORY_BYTES} bytes are
 * kept; when full, one is let go for each new one. Safe for use by every event loop at once.
 */
final class SmallFileCache {
  static final int MAX_FILES = 64;

  private final ConcurrentHashMap<Path, CachedFile> files = new ConcurrentHashMap<>();

  /** The copy of the file {@code found} names when it is still that version, else null. */
  CachedFile get(PathResolver.Found found) {
    CachedFile cached = files.get(found.path());
    return cached != null && cached.version().equals(found.version()) ? cached : null;
  }

  /**
   * Reads {@code file}, which is small, and keeps the copy when its attributes are known to
   * describe the bytes read (see {@link ServedFile#attributesConfirmed()}).
   *
   * @throws IOException when it cannot be read whole
   */
  CachedFile read(ServedFile file) throws IOException {
    CachedFile cached = CachedFile.read(file);
    if (file.attributesConfirmed()) {
      if (files.size() >= MAX_FILES && !files.containsKey(file.path())) {
        Iterator<Path> any = files.keySet().iterator();
        if (any.hasNext()) {
          files.remove(any.next());
        }
      }
      files.put(file.path(), cached);
    }
    return cached;
  }

  /** How many files are kept, for tests. */
  int size() {
    return files.size();
  }
}
