package io.streaminglab.probe;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * When and where a player loads the content steering manifest, as hls.js's content steering
 * controller does: a pure state machine, time passed in.
 *
 * <ol>
 *   <li>The first load is due at once, at SERVER-URI resolved against the multivariant URL.
 *   <li>Each request carries {@code _HLS_pathway} (the pathway being played) and {@code
 *       _HLS_throughput} (the throughput estimate, bits per second) as query parameters,
 *       replacing any of the same name.
 *   <li>A manifest sets the next load TTL seconds later, at its RELOAD-URI (resolved against the
 *       URL it came from) when it gives one.
 *   <li>A failed load, or a manifest that cannot be used, tries again after the last TTL (300 s
 *       before any); 410 Gone stops steering for good.
 * </ol>
 */
final class SteeringSchedule {
  /** hls.js's time to load before a manifest gave a TTL. */
  static final Duration DEFAULT_TTL = Duration.ofSeconds(300);

  private URI uri;
  private Duration ttl = DEFAULT_TTL;
  private Instant nextLoadAt;

  SteeringSchedule(URI serverUri, Instant now) {
    this.uri = Objects.requireNonNull(serverUri, "serverUri == null");
    this.nextLoadAt = Objects.requireNonNull(now, "now == null");
  }

  /** When the manifest is due next, or null once steering stopped. */
  Instant nextLoadAt() {
    return nextLoadAt;
  }

  /** The URL to load now, for a player on {@code pathway} measuring {@code throughput}. */
  URI requestUri(String pathway, long throughputBitsPerSecond) {
    List<String> kept = new ArrayList<>();
    String query = uri.getRawQuery();
    if (query != null && !query.isEmpty()) {
      for (String pair : query.split("&")) {
        if (!pair.startsWith("_HLS_pathway=") && !pair.startsWith("_HLS_throughput=")
            && !pair.isEmpty()) {
          kept.add(pair);
        }
      }
    }
    kept.add("_HLS_pathway=" + URLEncoder.encode(pathway, StandardCharsets.UTF_8));
    kept.add("_HLS_throughput=" + Math.max(0, throughputBitsPerSecond));
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/"
        : uri.getRawPath();
    return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + path + "?"
        + String.join("&", kept));
  }

  /**
   * {@code manifest} came from {@code requested}.
   *
   * @throws IllegalArgumentException when its RELOAD-URI is not an http URL; the schedule is
   *     then unchanged but for the next load, after the TTL
   */
  void loaded(URI requested, SteeringManifest manifest, Instant now) {
    ttl = Duration.ofSeconds(manifest.ttlSeconds());
    nextLoadAt = now.plus(ttl);
    if (manifest.reloadUri() != null) {
      URI reload = requested.resolve(manifest.reloadUri());
      if (!"http".equalsIgnoreCase(reload.getScheme()) || reload.getHost() == null) {
        throw new IllegalArgumentException("RELOAD-URI " + manifest.reloadUri()
            + " is not an http URL");
      }
      uri = reload;
    }
  }

  /** The load failed with HTTP {@code status} (0 when there was no answer). */
  void failed(int status, Instant now) {
    nextLoadAt = status == 410 ? null : now.plus(ttl);
  }
}
