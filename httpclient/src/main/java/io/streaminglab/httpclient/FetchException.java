package io.streaminglab.httpclient;

import java.io.IOException;
import java.net.URI;
import java.util.Objects;

/**
 * Why an HTTP exchange produced no response. An answer with any status, 5xx included, is a
 * {@link HttpResult}, never this exception.
 */
public final class FetchException extends IOException {
  /** What went wrong, coarse enough for a failover policy and a metric label. */
  public enum Kind {
    /** Nothing accepted the connection: refused, unreachable, or the host did not resolve. */
    CONNECT_REFUSED,
    /** The TCP connection was not established within the connect timeout. */
    CONNECT_TIMEOUT,
    /** The whole response did not arrive within the response timeout. */
    RESPONSE_TIMEOUT,
    /** The connection was reset or closed before the response began. */
    RESET,
    /** The body was longer than the configured limit. */
    BODY_TOO_LARGE,
    /** The connection closed in the middle of the body (Content-Length or chunks not reached). */
    TRUNCATED,
    /** The bytes received were not an HTTP/1.1 response within the decoder's limits. */
    MALFORMED
  }

  private final Kind kind;
  private final URI uri;
  private final String reason;

  public FetchException(Kind kind, URI uri, String reason, Throwable cause) {
    super(Objects.requireNonNull(kind, "kind == null") + " for " + uri + ": " + reason, cause);
    this.kind = kind;
    this.uri = uri;
    this.reason = reason;
  }

  public FetchException(Kind kind, URI uri, String reason) {
    this(kind, uri, reason, null);
  }

  public Kind kind() {
    return kind;
  }

  /** What happened, without the kind and URI that the message adds. */
  public String reason() {
    return reason;
  }

  /** The URI that was requested. */
  public URI uri() {
    return uri;
  }
}
