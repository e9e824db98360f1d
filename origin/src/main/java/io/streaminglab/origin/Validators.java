package io.streaminglab.origin;

import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Cache validators of a served file and the conditional requests that use them (RFC 9110
 * section 13).
 *
 * <p>The ETag joins the modification time in microseconds, the size and the file's identity
 * (inode): a playlist renamed over the previous one gets a new ETag even when both were written
 * within the same second and have the same length, which {@code Last-Modified} (whole seconds)
 * cannot tell apart. So {@code If-None-Match} decides whenever it is present, and
 * {@code If-Modified-Since} only when it is not, as the RFC orders.
 */
final class Validators {
  private final String etag;
  private final long lastModifiedSeconds;

  private final HttpDates dates;

  /** The validators of a file's {@code version}; {@code dates} formats its Last-Modified. */
  Validators(FileVersion version, HttpDates dates) {
    this.dates = dates;
    StringBuilder tag = new StringBuilder("\"")
        .append(Long.toHexString(version.lastModified().to(TimeUnit.MICROSECONDS)))
        .append('-').append(Long.toHexString(version.size()));
    if (version.fileKey() != null) {
      tag.append('-').append(Integer.toHexString(version.fileKey().hashCode()));
    }
    this.etag = tag.append('"').toString();
    this.lastModifiedSeconds = version.lastModified().to(TimeUnit.SECONDS);
  }

  /** The strong ETag, with its quotes. */
  String etag() {
    return etag;
  }

  /** The {@code Last-Modified} value, an HTTP date. */
  CharSequence lastModified() {
    return dates.format(lastModifiedSeconds);
  }

  /** Whether a GET or HEAD with these headers is answered 304 Not Modified. */
  boolean notModified(HttpHeaders request) {
    List<String> ifNoneMatch = request.getAll(HttpHeaderNames.IF_NONE_MATCH);
    if (!ifNoneMatch.isEmpty()) {
      for (String value : ifNoneMatch) {
        if (matchesAny(value, false)) {
          return true;
        }
      }
      return false;
    }
    String ifModifiedSince = request.get(HttpHeaderNames.IF_MODIFIED_SINCE);
    if (ifModifiedSince == null) {
      return false;
    }
    Date since = DateFormatter.parseHttpDate(ifModifiedSince);
    return since != null && lastModifiedSeconds <= TimeUnit.MILLISECONDS.toSeconds(since.getTime());
  }

  /**
   * Whether a {@code Range} may be honoured: true without {@code If-Range}, else only when it
   * names this very version (strong comparison, or the exact {@code Last-Modified} date).
   */
  boolean rangeApplies(HttpHeaders request) {
    String ifRange = request.get(HttpHeaderNames.IF_RANGE);
    if (ifRange == null) {
      return true;
    }
    String value = ifRange.trim();
    if (value.startsWith("\"") || value.startsWith("W/")) {
      return matchesAny(value, true);
    }
    Date date = DateFormatter.parseHttpDate(value);
    return date != null && TimeUnit.MILLISECONDS.toSeconds(date.getTime()) == lastModifiedSeconds;
  }

  /**
   * Whether a comma-separated list of entity tags contains ours; {@code *} matches any tag and
   * weak tags match too unless the comparison is {@code strong}.
   */
  private boolean matchesAny(String list, boolean strong) {
    for (String candidate : list.split(",")) {
      String tag = candidate.trim();
      if (tag.equals("*") && !strong) {
        return true;
      }
      if (tag.startsWith("W/")) {
        if (strong) {
          continue;
        }
        tag = tag.substring(2);
      }
      if (tag.equals(etag)) {
        return true;
      }
    }
    return false;
  }
}
