package io.streaminglab.httpclient;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link HttpFetcher} connects, waits and pools.
 *
 * @param connectTimeout how long establishing a TCP connection may take
 * @param responseTimeout how long the whole response may take, from the moment the request is
 *     written to the last byte of the body; a body that trickles in does not extend it
 * @param maxBodyBytes the largest body accepted; a longer one fails with
 *     {@link FetchException.Kind#BODY_TOO_LARGE}
 * @param maxIdlePerHost how many idle keep-alive connections are kept per host and port
 * @param keepAlive how long an idle connection stays in the pool before it is closed
 * @param eventLoopThreads the number of Netty event loop threads
 */
public record HttpFetcherConfig(Duration connectTimeout, Duration responseTimeout,
    int maxBodyBytes, int maxIdlePerHost, Duration keepAlive, int eventLoopThreads) {

  public HttpFetcherConfig {
    checkPositive(connectTimeout, "connectTimeout");
    checkPositive(responseTimeout, "responseTimeout");
    checkPositive(keepAlive, "keepAlive");
    if (connectTimeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("connectTimeout too long: " + connectTimeout);
    }
    if (maxBodyBytes < 0) {
      throw new IllegalArgumentException("maxBodyBytes < 0: " + maxBodyBytes);
    }
    if (maxIdlePerHost < 0) {
      throw new IllegalArgumentException("maxIdlePerHost < 0: " + maxIdlePerHost);
    }
    if (eventLoopThreads < 1) {
      throw new IllegalArgumentException("eventLoopThreads < 1: " + eventLoopThreads);
    }
  }

  /**
   * Defaults for talking to origins on a LAN: 2 s to connect, 5 s for a response, 32 MiB bodies,
   * 4 idle connections per host kept for 30 s, one event loop thread.
   */
  public static HttpFetcherConfig defaults() {
    return new HttpFetcherConfig(Duration.ofSeconds(2), Duration.ofSeconds(5), 32 << 20, 4,
        Duration.ofSeconds(30), 1);
  }

  public HttpFetcherConfig withConnectTimeout(Duration value) {
    return new HttpFetcherConfig(value, responseTimeout, maxBodyBytes, maxIdlePerHost, keepAlive,
        eventLoopThreads);
  }

  public HttpFetcherConfig withResponseTimeout(Duration value) {
    return new HttpFetcherConfig(connectTimeout, value, maxBodyBytes, maxIdlePerHost, keepAlive,
        eventLoopThreads);
  }

  public HttpFetcherConfig withMaxBodyBytes(int value) {
    return new HttpFetcherConfig(connectTimeout, responseTimeout, value, maxIdlePerHost,
        keepAlive, eventLoopThreads);
  }

  public HttpFetcherConfig withMaxIdlePerHost(int value) {
    return new HttpFetcherConfig(connectTimeout, responseTimeout, maxBodyBytes, value, keepAlive,
        eventLoopThreads);
  }

  public HttpFetcherConfig withKeepAlive(Duration value) {
    return new HttpFetcherConfig(connectTimeout, responseTimeout, maxBodyBytes, maxIdlePerHost,
        value, eventLoopThreads);
  }

  public HttpFetcherConfig withEventLoopThreads(int value) {
    return new HttpFetcherConfig(connectTimeout, responseTimeout, maxBodyBytes, maxIdlePerHost,
        keepAlive, value);
  }

  private static void checkPositive(Duration value, String name) {
    Objects.requireNonNull(value, name + " == null");
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }
}
