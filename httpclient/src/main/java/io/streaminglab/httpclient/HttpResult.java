package io.streaminglab.httpclient;

import io.netty.handler.codec.http.HttpHeaders;
import java.time.Duration;
import java.util.Objects;

/**
 * One complete HTTP response, whatever its status.
 *
 * @param status the status code (2xx, 3xx, 4xx and 5xx alike)
 * @param headers the response headers; names are case-insensitive
 * @param body the whole body, empty for HEAD, 204 and 304; not copied, so do not change it
 * @param latencyNanos from the call to {@code get} to the last byte of the body, connecting
 *     included
 */
public record HttpResult(int status, HttpHeaders headers, byte[] body, long latencyNanos) {

  public HttpResult {
    Objects.requireNonNull(headers, "headers == null");
    Objects.requireNonNull(body, "body == null");
    if (status < 100 || status > 999) {
      throw new IllegalArgumentException("status out of range: " + status);
    }
  }

  /** Whether the status is 2xx. */
  public boolean isSuccessful() {
    return status >= 200 && status < 300;
  }

  /** The first value of the header {@code name}, or null when it is absent. */
  public String header(String name) {
    return headers.get(name);
  }

  public Duration latency() {
    return Duration.ofNanos(latencyNanos);
  }

  @Override
  public String toString() {
    return "HttpResult{status=" + status + ", bytes=" + body.length + ", latencyMs="
        + latencyNanos / 1_000_000 + "}";
  }
}
