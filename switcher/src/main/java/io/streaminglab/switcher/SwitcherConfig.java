package io.streaminglab.switcher;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The switcher's settings, named as the seed lab's environment variables named them.
 *
 * @param primaryBaseUrl PRIMARY_BASE_URL, such as {@code http://localhost:8081/hls}
 * @param backupBaseUrl BACKUP_BASE_URL
 * @param playlistPath PLAYLIST_PATH under each base URL ({@code index.m3u8})
 * @param checkInterval CHECK_INTERVAL_SECONDS: how often each origin's playlist is polled
 * @param segmentAgeThreshold SEGMENT_AGE_THRESHOLD_SECONDS, or null: growth alone then judges
 *     staleness
 * @param requiredWindows REQUIRED_WINDOWS: bad checks in a row before a failover, good ones
 *     before a switch back
 * @param minDwell the least time on the backup before switching back
 * @param host the address to serve players on
 * @param port the port to serve players on (8080)
 * @param adminToken the admin API's token (never null: generated when not configured)
 * @param cacheBytes the segment cache's bound
 * @param windowSize the segments the switcher's playlist lists
 * @param name which switcher this is ({@code switcher}; {@code switcher-primary} or {@code
 *     switcher-backup} in a redundant pair): /healthz and /metrics say it, and it is this
 *     switcher's content-steering pathway
 * @param pathways every switcher of the chain, this one included, by pathway id, in order of
 *     preference, each with the base URL players reach it at (such as {@code
 *     http://127.0.0.1:8083}); empty for a switcher alone, whose multivariant playlist then
 *     names its own media playlist by a relative URI
 * @param peerUrls where this switcher reaches another switcher of the chain, by pathway id, when
 *     that is not the URL players use (switchers in containers behind published ports); the
 *     pathway's URL otherwise
 */
public record SwitcherConfig(URI primaryBaseUrl, URI backupBaseUrl, String playlistPath,
    Duration checkInterval, Duration segmentAgeThreshold, int requiredWindows, Duration minDwell,
    String host, int port, String adminToken, long cacheBytes, int windowSize, String name,
    Map<String, URI> pathways, Map<String, URI> peerUrls) {

  /** The name of a switcher alone. */
  public static final String DEFAULT_NAME = "switcher";
  private static final String NAME_PATTERN = "[a-z0-9][a-z0-9-]{0,62}";

  /** One poll a second and two bad polls in a row: a dead or stale origin costs ~2-5 s. */
  public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(1);
  public static final int DEFAULT_REQUIRED_WINDOWS = 2;
  public static final Duration DEFAULT_MIN_DWELL = Duration.ofSeconds(10);

  public SwitcherConfig {
    Objects.requireNonNull(primaryBaseUrl, "primaryBaseUrl == null");
    Objects.requireNonNull(backupBaseUrl, "backupBaseUrl == null");
    Objects.requireNonNull(playlistPath, "playlistPath == null");
    Objects.requireNonNull(checkInterval, "checkInterval == null");
    Objects.requireNonNull(minDwell, "minDwell == null");
    Objects.requireNonNull(host, "host == null");
    Objects.requireNonNull(adminToken, "adminToken == null");
    if (checkInterval.toMillis() < 100) {
      throw new IllegalArgumentException("check interval below 100 ms: " + checkInterval);
    }
    if (requiredWindows < 1) {
      throw new IllegalArgumentException("required windows below 1: " + requiredWindows);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (adminToken.length() < 16) {
      throw new IllegalArgumentException("admin token shorter than 16 characters");
    }
    if (cacheBytes < 1 << 20) {
      throw new IllegalArgumentException("cache below 1 MiB: " + cacheBytes);
    }
    Objects.requireNonNull(name, "name == null");
    if (!name.matches(NAME_PATTERN)) {
      throw new IllegalArgumentException("name must be lower-case letters, digits and dashes: "
          + name);
    }
    Objects.requireNonNull(pathways, "pathways == null");
    pathways = Collections.unmodifiableMap(new LinkedHashMap<>(pathways));
    if (!pathways.isEmpty() && !pathways.containsKey(name)) {
      throw new IllegalArgumentException("the pathways " + pathways.keySet()
          + " do not include this switcher, " + name);
    }
    for (Map.Entry<String, URI> pathway : pathways.entrySet()) {
      if (!pathway.getKey().matches(NAME_PATTERN)) {
        throw new IllegalArgumentException("pathway id must be lower-case letters, digits and "
            + "dashes: " + pathway.getKey());
      }
      URI url = pathway.getValue();
      if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())
          || url.getHost() == null) {
        throw new IllegalArgumentException("pathway " + pathway.getKey()
            + " needs an http://HOST[:PORT] URL: " + url);
      }
    }
    Objects.requireNonNull(peerUrls, "peerUrls == null");
    peerUrls = Collections.unmodifiableMap(new LinkedHashMap<>(peerUrls));
    for (String peer : peerUrls.keySet()) {
      if (!pathways.containsKey(peer) || peer.equals(name)) {
        throw new IllegalArgumentException("peer " + peer + " is not another pathway of the "
            + "chain " + pathways.keySet());
      }
    }
    if (windowSize < 3) {
      throw new IllegalArgumentException("window below 3 segments: " + windowSize);
    }
    for (URI base : new URI[] {primaryBaseUrl, backupBaseUrl}) {
      if (!"http".equals(base.getScheme()) || base.getHost() == null) {
        throw new IllegalArgumentException("origin base URL must be http://HOST[:PORT]/PATH: "
            + base);
      }
    }
  }

  /** The lab's defaults in front of {@code primary} and {@code backup}. */
  public static SwitcherConfig of(URI primary, URI backup, String adminToken) {
    return new SwitcherConfig(primary, backup, "index.m3u8", DEFAULT_CHECK_INTERVAL, null,
        DEFAULT_REQUIRED_WINDOWS, DEFAULT_MIN_DWELL, "127.0.0.1", 8080, adminToken, 256L << 20,
        8,
        DEFAULT_NAME, Map.of(), Map.of());
  }

  public SwitcherConfig withPort(int value) {
    return new SwitcherConfig(primaryBaseUrl, backupBaseUrl, playlistPath, checkInterval,
        segmentAgeThreshold, requiredWindows, minDwell, host, value, adminToken, cacheBytes,
        windowSize, name,
        pathways, peerUrls);
  }

  public SwitcherConfig withHost(String value) {
    return new SwitcherConfig(primaryBaseUrl, backupBaseUrl, playlistPath, checkInterval,
        segmentAgeThreshold, requiredWindows, minDwell, value, port, adminToken, cacheBytes,
        windowSize, name,
        pathways, peerUrls);
  }

  public SwitcherConfig withChecks(Duration interval, Duration ageThreshold, int windows) {
    return new SwitcherConfig(primaryBaseUrl, backupBaseUrl, playlistPath, interval,
        ageThreshold, windows, minDwell, host, port, adminToken, cacheBytes, windowSize, name,
        pathways, peerUrls);
  }

  public SwitcherConfig withMinDwell(Duration value) {
    return new SwitcherConfig(primaryBaseUrl, backupBaseUrl, playlistPath, checkInterval,
        segmentAgeThreshold, requiredWindows, value, host, port, adminToken, cacheBytes,
        windowSize, name,
        pathways, peerUrls);
  }

  /** The same settings in front of other origins. */
  public SwitcherConfig withOrigins(URI primary, URI backup) {
    return new SwitcherConfig(primary, backup, playlistPath, checkInterval, segmentAgeThreshold,
        requiredWindows, minDwell, host, port, adminToken, cacheBytes, windowSize, name,
        pathways, peerUrls);
  }

  public SwitcherConfig withPlaylistPath(String value) {
    return new SwitcherConfig(primaryBaseUrl, backupBaseUrl, value, checkInterval,
        segmentAgeThreshold, requiredWindows, minDwell, host, port, adminToken, cacheBytes,
        windowSize, name,
        pathways, peerUrls);
  }

  public SwitcherConfig withName(String value) {
    return new SwitcherConfig(primaryBaseUrl, backupBaseUrl, playlistPath, checkInterval,
        segmentAgeThreshold, requiredWindows, minDwell, host, port, adminToken, cacheBytes,
        windowSize, value, pathways, peerUrls);
  }

  /** The chain's switchers, this one among them, by pathway id in order of preference. */
  public SwitcherConfig withPathways(Map<String, URI> value) {
    return new SwitcherConfig(primaryBaseUrl, backupBaseUrl, playlistPath, checkInterval,
        segmentAgeThreshold, requiredWindows, minDwell, host, port, adminToken, cacheBytes,
        windowSize, name, value, peerUrls);
  }

  /** Where this switcher reaches the other switchers of the chain. */
  public SwitcherConfig withPeerUrls(Map<String, URI> value) {
    return new SwitcherConfig(primaryBaseUrl, backupBaseUrl, playlistPath, checkInterval,
        segmentAgeThreshold, requiredWindows, minDwell, host, port, adminToken, cacheBytes,
        windowSize, name, pathways, value);
  }

  /** The other switchers of the chain, by pathway id, at the URLs players use. */
  public Map<String, URI> peers() {
    Map<String, URI> peers = new LinkedHashMap<>(pathways);
    peers.remove(name);
    return peers;
  }

  /** Where this switcher reaches each other switcher of the chain. */
  public Map<String, URI> peerAddresses() {
    Map<String, URI> peers = peers();
    peers.replaceAll((id, url) -> peerUrls.getOrDefault(id, url));
    return peers;
  }

  /** The playlist URL of {@code origin}. */
  public URI playlistUrl(Origin origin) {
    URI base = origin == Origin.PRIMARY ? primaryBaseUrl : backupBaseUrl;
    String text = base.toString();
    return URI.create((text.endsWith("/") ? text : text + "/") + playlistPath);
  }
}
