package io.streaminglab.ingest;

import java.time.Duration;
import java.util.Objects;

/**
 * How the RTMP ingest listens and what it allows.
 *
 * @param host the address to bind; loopback by default so that a lab is not an open relay
 * @param port the RTMP port (1936 in the lab, 0 for an ephemeral port)
 * @param publishKey the key a publisher must give ({@code ?key=} on the URL or the stream
 *     name), or null to let anyone publish
 * @param maxMessageLength the largest RTMP message accepted, in bytes
 * @param handshakeTimeout how long a client may take to finish the handshake
 * @param idleTimeout how long a publisher may send nothing before it is dropped
 * @param playerQueueBytes how many bytes may wait for a slow player before frames are skipped to
 *     the next keyframe
 * @param slowPlayerTimeout how long (in stream time) a player may go on skipping before it is
 *     disconnected
 * @param gopCacheBytes the most bytes of the current GOP kept for players that join
 */
public record IngestConfig(String host, int port, String publishKey, int maxMessageLength,
    Duration handshakeTimeout, Duration idleTimeout, int playerQueueBytes,
    Duration slowPlayerTimeout, int gopCacheBytes) {

  public static final int DEFAULT_PORT = 1936;

  public IngestConfig {
    Objects.requireNonNull(host, "host == null");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (maxMessageLength < 1024) {
      throw new IllegalArgumentException("maxMessageLength < 1024: " + maxMessageLength);
    }
    if (publishKey != null && publishKey.isEmpty()) {
      publishKey = null;
    }
  }

  /** The defaults of the lab: loopback, port 1936, no key, 4 MiB messages. */
  public static IngestConfig defaults() {
    return new IngestConfig("127.0.0.1", DEFAULT_PORT, null, 4 << 20, Duration.ofSeconds(10),
        Duration.ofSeconds(15), 4 << 20, Duration.ofSeconds(10), 32 << 20);
  }

  public IngestConfig withPort(int newPort) {
    return new IngestConfig(host, newPort, publishKey, maxMessageLength, handshakeTimeout,
        idleTimeout, playerQueueBytes, slowPlayerTimeout, gopCacheBytes);
  }

  public IngestConfig withHost(String newHost) {
    return new IngestConfig(newHost, port, publishKey, maxMessageLength, handshakeTimeout,
        idleTimeout, playerQueueBytes, slowPlayerTimeout, gopCacheBytes);
  }

  public IngestConfig withPublishKey(String key) {
    return new IngestConfig(host, port, key, maxMessageLength, handshakeTimeout, idleTimeout,
        playerQueueBytes, slowPlayerTimeout, gopCacheBytes);
  }

  public IngestConfig withMaxMessageLength(int length) {
    return new IngestConfig(host, port, publishKey, length, handshakeTimeout, idleTimeout,
        playerQueueBytes, slowPlayerTimeout, gopCacheBytes);
  }

  public IngestConfig withPlayerQueueBytes(int bytes) {
    return new IngestConfig(host, port, publishKey, maxMessageLength, handshakeTimeout,
        idleTimeout, bytes, slowPlayerTimeout, gopCacheBytes);
  }
}
