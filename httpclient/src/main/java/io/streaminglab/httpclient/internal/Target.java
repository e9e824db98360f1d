package io.streaminglab.httpclient.internal;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a request goes: the host and port to connect to (the pool's key), the Host header, and
 * the request target (path and query) of the request line.
 */
public record Target(String host, int port, String hostHeader, String pathAndQuery) {

  public Target {
    Objects.requireNonNull(host, "host == null");
    Objects.requireNonNull(hostHeader, "hostHeader == null");
    Objects.requireNonNull(pathAndQuery, "pathAndQuery == null");
  }

  /**
   * The target of an absolute {@code http} URI.
   *
   * @throws IllegalArgumentException when the URI is not absolute http with a host
   */
  public static Target of(URI uri) {
    Objects.requireNonNull(uri, "uri == null");
    if (!"http".equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException("only http:// URLs are supported: " + uri);
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("URL has no host: " + uri);
    }
    int port = uri.getPort() == -1 ? 80 : uri.getPort();
    String connectHost = host.startsWith("[") && host.endsWith("]")
        ? host.substring(1, host.length() - 1) : host;
    String hostHeader = port == 80 ? host : host + ":" + port;
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String query = uri.getRawQuery();
    return new Target(connectHost.toLowerCase(Locale.ROOT), port, hostHeader,
        query == null ? path : path + "?" + query);
  }

  /** The pool key: connections are shared by every request to the same host and port. */
  public String address() {
    return host + ":" + port;
  }
}
