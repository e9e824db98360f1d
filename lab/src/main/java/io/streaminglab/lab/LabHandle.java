package io.streaminglab.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where a running lab keeps its admin token for {@code ctl}: a file only its owner reads. */
final class AdminTokenFile {
  private static final Logger log = LoggerFactory.getLogger(AdminTokenFile.class);

  private AdminTokenFile() {}

  static Path defaultPath() {
    return Path.of(System.getProperty("java.io.tmpdir"), "streaming-lab", "admin-token");
  }

  static void store(Path file, String token) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
      Files.deleteIfExists(temporary);
      Files.createFile(temporary, PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rw-------")));
      Files.writeString(temporary, token + "\n");
      Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      log.info("Admin token stored in {}", file);
    } catch (IOException | UnsupportedOperationException e) {
      throw new LabException("Cannot store the admin token in " + file + " (" + e.getMessage()
          + "); give another place with --token-file.", e);
    }
  }
}
