package io.streaminglab.rtmp.client;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * An {@code rtmp://host[:port]/app[/name]} URL split as RTMP clients split it: the first path
 * segment is the application, the rest (with its query) the stream name.
 *
 * @param host the server's host
 * @param port the server's port (1935 when the URL has none)
 * @param app the application, sent in connect
 * @param streamName the stream name, sent in play or publish (may be empty)
 */
public record RtmpUrl(String host, int port, String app, String streamName) {
  public static final int DEFAULT_PORT = 1935;

  /**
   * Parses {@code url}.
   *
   * @throws IllegalArgumentException with a message fit for a user when it is not an RTMP URL
   */
  public static RtmpUrl parse(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + url + "' is not a URL: " + e.getReason());
    }
    if (!"rtmp".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("'" + url + "' is not an rtmp://HOST[:PORT]/PATH URL");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/+", "");
    if (path.isEmpty()) {
      throw new IllegalArgumentException("'" + url + "' names no stream; add a path such as "
          + "/mystream");
    }
    int slash = path.indexOf('/');
    String app = slash < 0 ? path : path.substring(0, slash);
    String name = slash < 0 ? "" : path.substring(slash + 1);
    if (uri.getRawQuery() != null) {
      name = name + "?" + uri.getRawQuery();
    }
    return new RtmpUrl(uri.getHost(), uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(), app,
        name);
  }

  /** The tcUrl sent in connect. */
  public String tcUrl() {
    return "rtmp://" + host + ":" + port + "/" + app;
  }

  @Override
  public String toString() {
    return tcUrl() + (streamName.isEmpty() ? "" : "/" + streamName);
  }
}
