package io.streaminglab.origin;

import java.nio.file.attribute.FileTime;

/**
 * What identifies one version of a served file, from which its {@link Validators} come: the
 * size, the modification time and the file system's identity of the file.
 */
interface FileVersion {
  long size();

  FileTime lastModified();

  /** The file system's identity of the file (device and inode on Unix), or null. */
  Object fileKey();
}
