package io.streaminglab.switcher;

import io.streaminglab.httpclient.HttpFetcher;
import io.streaminglab.httpclient.HttpResult;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches a segment from its sources in order, falling to the next at once on any error, a
 * timeout, or a body that is not whole MPEG-TS (an origin serving a truncated file), so that a
 * dead origin costs a viewer nothing but the time to notice.
 */
final class SegmentFetcher {
  private static final Logger log = LoggerFactory.getLogger(SegmentFetcher.class);
  private static final int TS_PACKET = 188;

  private final HttpFetcher fetcher;
  private final SwitcherMetrics metrics;

  SegmentFetcher(HttpFetcher fetcher, SwitcherMetrics metrics) {
    this.fetcher = fetcher;
    this.metrics = metrics;
  }

  /** The segment from the first source that has it whole, {@code preferred} first. */
  CompletableFuture<FetchedSegment> fetch(OutputSegment segment, Origin preferred) {
    List<OutputSegment.Source> sources = segment.sources();
    if (sources.size() == 2 && sources.get(1).origin() == preferred) {
      sources = List.of(sources.get(1), sources.get(0));
    }
    return attempt(segment, sources, 0);
  }

  /** The bytes at {@code source} if they are whole, with no fallback: for vetting a segment. */
  CompletableFuture<byte[]> fetchWhole(OutputSegment.Source source) {
    return fetcher.get(source.uri(), Map.of()).thenApply(result -> validate(result, source));
  }

  private CompletableFuture<FetchedSegment> attempt(OutputSegment segment,
      List<OutputSegment.Source> sources, int index) {
    OutputSegment.Source source = sources.get(index);
    return fetcher.get(source.uri(), Map.of())
        .thenApply(result -> new FetchedSegment(source.origin(), validate(result, source)))
        .handle((bytes, error) -> {
          if (error == null) {
            return CompletableFuture.completedFuture(bytes);
          }
          Throwable cause = error instanceof CompletionException && error.getCause() != null
              ? error.getCause() : error;
          if (index + 1 < sources.size()) {
            metrics.fallback(source.origin());
            log.info("{} from {} failed ({}); fetching it from {}", segment.name(),
                source.origin().label(), cause.getMessage(), sources.get(index + 1).origin()
                    .label());
            return attempt(segment, sources, index + 1);
          }
          return CompletableFuture.<FetchedSegment>failedFuture(cause);
        })
        .thenCompose(future -> future);
  }

  private static byte[] validate(HttpResult result, OutputSegment.Source source) {
    if (result.status() != 200) {
      throw new CompletionException(new IOException(source.origin().label() + " answered "
          + result.status() + " for " + source.uri().getPath()));
    }
    byte[] body = result.body();
    if (source.uri().getPath().endsWith(".ts") && !wholeTransportStream(body)) {
      throw new CompletionException(new IOException(source.origin().label() + " served "
          + body.length + " bytes of " + source.uri().getPath()
          + ", not whole MPEG-TS packets"));
    }
    return body;
  }

  /** Non-empty, a whole number of 188-byte packets, each starting with the sync byte. */
  static boolean wholeTransportStream(byte[] body) {
    if (body.length == 0 || body.length % TS_PACKET != 0) {
      return false;
    }
    for (int offset = 0; offset < body.length; offset += TS_PACKET) {
      if (body[offset] != 0x47) {
        return false;
      }
    }
    return true;
  }
}
