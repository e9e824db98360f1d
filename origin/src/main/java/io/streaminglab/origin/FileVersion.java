package io.streaminglab.origin;

import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * What identifies one version of a served file, and what its {@link Validators} are made of.
 *
 * @param size its length in bytes
 * @param lastModified its modification time
 * @param fileKey the file system's identity of the file (device and inode on Unix), or null
 */
record FileVersion(long size, FileTime lastModified, Object fileKey) {

  /** The version {@code attributes} describe. */
  static FileVersion of(BasicFileAttributes attributes) {
    return new FileVersion(attributes.size(), attributes.lastModifiedTime(),
        attributes.fileKey());
  }
}
