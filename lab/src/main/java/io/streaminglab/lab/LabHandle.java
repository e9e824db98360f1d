package io.streaminglab.lab;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a running {@code up} leaves in its data directory for {@code ctl}: the admin token, in a
 * file only its owner reads ({@value #TOKEN}), and the switcher's address ({@value #URL}).
 *
 * @param url the switcher's base URL, such as {@code http://127.0.0.1:8080}
 * @param token the admin API's token
 */
record LabHandle(URI url, String token) {
  static final String TOKEN = "admin-token";
  static final String URL = "switcher-url";
  private static final Logger log = LoggerFactory.getLogger(LabHandle.class);

  /** The token file of {@code up} and of a switcher run alone, unless told otherwise. */
  static Path defaultTokenFile() {
    return UpCommand.DEFAULT_DATA_DIR.resolve(TOKEN);
  }

  /** Writes the token to {@code tokenFile} and the address beside it, each atomically. */
  void store(Path tokenFile) {
    write(tokenFile, token);
    write(tokenFile.resolveSibling(URL), url.toString());
    log.info("Admin token stored in {} for ctl", tokenFile);
  }

  /**
   * Reads what {@code up} stored in {@code dataDir}.
   *
   * @throws LabException with one sentence when no lab stored its handle there
   */
  static LabHandle read(Path dataDir) {
    try {
      return new LabHandle(URI.create(Files.readString(dataDir.resolve(URL)).strip()),
          Files.readString(dataDir.resolve(TOKEN)).strip());
    } catch (NoSuchFileException e) {
      throw new LabException("No running lab has left its admin token in " + dataDir
          + ": start one with bin/streaming-lab up, or give ctl the --data-dir that up uses.");
    } catch (IOException | IllegalArgumentException e) {
      throw new LabException("Cannot read the lab's admin token and address in " + dataDir
          + " (" + e.getMessage() + "); give ctl --url and --admin-token.");
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
      Files.deleteIfExists(temporary);
      Files.createFile(temporary, PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rw-------")));
      Files.writeString(temporary, text + "\n");
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | UnsupportedOperationException e) {
      throw new LabException("Cannot write " + file + " (" + e.getMessage()
          + "); give up a --data-dir it may write.", e);
    }
  }
}
