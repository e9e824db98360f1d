package io.streaminglab.lab;

import io.streaminglab.switcher.SwitcherConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a running {@code up} leaves in its data directory for {@code ctl}: the admin token, in a
 * file only its owner reads ({@value #TOKEN}), and the switchers' addresses ({@value #URL}, one
 * {@code NAME URL} per line), so that {@code ctl} reaches the lab through either switcher.
 *
 * @param switchers each switcher's base URL, such as {@code http://127.0.0.1:8080}, by name, in
 *     order of preference
 * @param token the admin API's token
 */
record LabHandle(Map<String, URI> switchers, String token) {
  static final String TOKEN = "admin-token";
  static final String URL = "switcher-url";
  private static final Logger log = LoggerFactory.getLogger(LabHandle.class);

  LabHandle {
    switchers = Collections.unmodifiableMap(new LinkedHashMap<>(switchers));
    if (switchers.isEmpty()) {
      throw new IllegalArgumentException("a lab has a switcher");
    }
  }

  /** A lab reached at one address. */
  LabHandle(URI url, String token) {
    this(Map.of(SwitcherConfig.DEFAULT_NAME, url), token);
  }

  /** The token file of {@code up} and of a switcher run alone, unless told otherwise. */
  static Path defaultTokenFile() {
    return UpCommand.DEFAULT_DATA_DIR.resolve(TOKEN);
  }

  /** Writes the token to {@code tokenFile} and the addresses beside it, each atomically. */
  void store(Path tokenFile) {
    write(tokenFile, token);
    StringBuilder urls = new StringBuilder();
    switchers.forEach((name, url) -> urls.append(urls.isEmpty() ? "" : "\n").append(name)
        .append(' ').append(url));
    write(tokenFile.resolveSibling(URL), urls.toString());
    log.info("Admin token stored in {} for ctl", tokenFile);
  }

  /**
   * Reads what {@code up} stored in {@code dataDir}.
   *
   * @throws LabException with one sentence when no lab stored its handle there
   */
  static LabHandle read(Path dataDir) {
    try {
      Map<String, URI> switchers = new LinkedHashMap<>();
      for (String line : Files.readAllLines(dataDir.resolve(URL))) {
        String[] words = line.strip().split("\\s+");
        if (words.length == 2) {
          switchers.put(words[0], URI.create(words[1]));
        } else if (words.length == 1 && !words[0].isEmpty()) {
          switchers.put(SwitcherConfig.DEFAULT_NAME, URI.create(words[0]));
        }
      }
      return new LabHandle(switchers, Files.readString(dataDir.resolve(TOKEN)).strip());
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
