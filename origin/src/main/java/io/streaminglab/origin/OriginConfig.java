package io.streaminglab.origin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where an origin finds its files and how it listens.
 *
 * @param directory the packager's output directory, served under {@code /hls/}; it must exist
 * @param host the address to bind; loopback by default so that a lab is not an open server
 * @param port the HTTP port (8081 for the primary in the lab, 0 for an ephemeral port)
 * @param idleTimeout how long a connection may stay silent in both directions before it is
 *     closed
 */
public record OriginConfig(Path directory, String host, int port, Duration idleTimeout) {

  /** The primary origin's port in the lab; the backup uses 8082. */
  public static final int DEFAULT_PORT = 8081;

  public OriginConfig {
    Objects.requireNonNull(directory, "directory == null");
    Objects.requireNonNull(host, "host == null");
    Objects.requireNonNull(idleTimeout, "idleTimeout == null");
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException("origin directory " + directory
          + " does not exist or is not a directory; create it or point the origin at the"
          + " packager's output directory");
    }
    if (host.isBlank()) {
      throw new IllegalArgumentException("host is blank");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idleTimeout must be positive: " + idleTimeout);
    }
  }

  /** The lab's defaults for {@code directory}: loopback, port 8081, 60 s idle timeout. */
  public static OriginConfig of(Path directory) {
    return new OriginConfig(directory, "127.0.0.1", DEFAULT_PORT, Duration.ofSeconds(60));
  }

  public OriginConfig withHost(String newHost) {
    return new OriginConfig(directory, newHost, port, idleTimeout);
  }

  public OriginConfig withPort(int newPort) {
    return new OriginConfig(directory, host, newPort, idleTimeout);
  }

  public OriginConfig withIdleTimeout(Duration newIdleTimeout) {
    return new OriginConfig(directory, host, port, newIdleTimeout);
  }
}
