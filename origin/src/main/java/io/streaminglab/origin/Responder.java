package io.streaminglab.origin;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides the answer to one well-formed request, without touching the connection:
 *
 * <ol>
 *   <li>OPTIONS under {@code /hls/}: a CORS preflight, 204;
 *   <li>a method other than GET, HEAD, OPTIONS: 405 with {@code Allow};
 *   <li>a path outside {@code /hls/}: 404 with a line saying where the playlist is;
 *   <li>a path {@link PathResolver} refuses: 400; one it does not find: 404;
 *   <li>the file: 304 when the client's copy is current, else 416, 206 or 200 with the file
 *       (HEAD: the same headers, no body). A file of up to {@value #IN_MEMORY_BYTES} bytes (a
 *       playlist) is answered from the copy that {@link SmallFileCache} keeps of it, read once
 *       per version, and leaves with its headers in one write; a larger one (a segment) is a
 *       zero-copy region of the file, which {@link OpenFileCache} keeps open between requests,
 *       and a range of it of up to that size is read.
 * </ol>
 *
 * <p>The connection-level headers (Date, CORS, Connection) are the writer's.
 */
final class Responder {
  static final String PREFIX = "/hls/";
  static final String ALLOWED_METHODS = "GET, HEAD, OPTIONS";

  private static final Logger log = LoggerFactory.getLogger(Responder.class);
  private static final String NOT_FOUND_HINT =
      "404 Not Found: this origin serves HLS under /hls/, the live playlist is /hls/index.m3u8\n";

  /**
   * Bodies up to this size are read into memory and go out with the headers in one write; a
   * copy this small costs less than a second system call and a second packet. Larger ones go
   * out zero-copy from the file.
   */
  static final int IN_MEMORY_BYTES = 16 * 1024;

  /**
   * Response headers without Netty's check of every name and value: all that this origin sends
   * are its own (constants, numbers, dates, hexadecimal tags), none is copied from a request.
   */
  private static final HttpHeadersFactory HEADERS =
      DefaultHttpHeadersFactory.headersFactory().withValidation(false);
  private static final HttpHeadersFactory TRAILERS =
      DefaultHttpHeadersFactory.trailersFactory().withValidation(false);

  private final PathResolver resolver;
  private final SmallFileCache smallFiles = new SmallFileCache();
  private final OpenFileCache openFiles;
  private final HttpDates lastModifiedDates = new HttpDates();

  /**
   * A responder for the files {@code resolver} finds, which keeps large ones open in
   * {@code openFiles}; one serves every connection.
   */
  Responder(PathResolver resolver, OpenFileCache openFiles) {
    this.resolver = resolver;
    this.openFiles = openFiles;
  }

  /** The answer to a request the decoder could not read: 414, 431 or 400. */
  static Reply malformed(Throwable cause) {
    HttpResponseStatus status = cause instanceof TooLongHttpLineException
        ? HttpResponseStatus.REQUEST_URI_TOO_LONG
        : cause instanceof TooLongHttpHeaderException
            ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
            : HttpResponseStatus.BAD_REQUEST;
    return text(false, status, status + "\n");
  }

  /**
   * The answer to {@code request}; a body read into memory comes from {@code allocator}, and
   * belongs to the reply.
   */
  Reply answer(HttpRequest request, ByteBufAllocator allocator) {
    HttpMethod method = request.method();
    boolean head = method.equals(HttpMethod.HEAD);
    String target = request.uri();
    boolean underPrefix = target.startsWith(PREFIX);
    if (method.equals(HttpMethod.OPTIONS) && underPrefix) {
      return preflight();
    }
    if (!head && !method.equals(HttpMethod.GET) && !method.equals(HttpMethod.OPTIONS)) {
      Reply reply = text(false, HttpResponseStatus.METHOD_NOT_ALLOWED);
      reply.response().headers().set(HttpHeaderNames.ALLOW, ALLOWED_METHODS);
      return reply;
    }
    if (!underPrefix) {
      return text(head, HttpResponseStatus.NOT_FOUND, NOT_FOUND_HINT);
    }
    Optional<PathResolver.Found> file;
    try {
      file = resolver.resolve(target.substring(PREFIX.length()));
    } catch (BadPathException e) {
      log.debug("Origin refused {} {}: {}", method, target, e.getMessage());
      return text(head, HttpResponseStatus.BAD_REQUEST);
    }
    if (file.isEmpty()) {
      return text(head, HttpResponseStatus.NOT_FOUND);
    }
    return file(head, request.headers(), file.get(), allocator);
  }

  private Reply file(boolean head, HttpHeaders request, PathResolver.Found found,
      ByteBufAllocator allocator) {
    Path path = found.path();
    CachedFile cached = smallFiles.get(found);
    if (cached != null) {
      return fileReply(head, request, path, cached.version(), cachedBody(cached));
    }
    SharedFile open = openFiles.get(found);
    try {
      if (open == null) {
        ServedFile file = ServedFile.open(found);
        if (file.version().size() <= IN_MEMORY_BYTES) {
          try {
            cached = smallFiles.read(file);
          } finally {
            closeQuietly(file);
          }
          return fileReply(head, request, path, cached.version(), cachedBody(cached));
        }
        open = openFiles.keep(file);
      }
    } catch (NoSuchFileException e) {
      return text(head, HttpResponseStatus.NOT_FOUND);
    } catch (IOException e) {
      log.warn("Origin cannot read {}: {}", path, e.toString());
      return text(head, HttpResponseStatus.INTERNAL_SERVER_ERROR);
    }
    Reply reply = null;
    try {
      reply = fileReply(head, request, path, open.version(), openBody(open, allocator));
      return reply;
    } catch (IOException e) {
      log.warn("Origin cannot read {}: {}", path, e.toString());
      return text(head, HttpResponseStatus.INTERNAL_SERVER_ERROR);
    } finally {
      if (reply == null || reply.file() == null) {
        open.letGo();
      }
    }
  }

  /**
   * Where the answer for a file takes the bytes it sends from; {@code E} is what taking them can
   * throw (nothing checked for a copy in memory).
   */
  @FunctionalInterface
  private interface Body<E extends Exception> {
    /** A reply with {@code status} and {@code length} bytes from {@code first}, no headers yet. */
    Reply reply(HttpResponseStatus status, long first, long length) throws E;
  }

  private static Body<RuntimeException> cachedBody(CachedFile file) {
    return (status, first, length) -> Reply.full(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        status, file.slice(first, length), HEADERS, TRAILERS));
  }

  /**
   * A few bytes are read, to leave with the headers; more go out zero-copy from the file, in a
   * region that takes over the caller's hold of it.
   */
  private static Body<IOException> openBody(SharedFile file, ByteBufAllocator allocator) {
    return (status, first, length) -> length <= IN_MEMORY_BYTES
        ? Reply.full(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
            file.file().read(allocator, first, (int) length), HEADERS, TRAILERS))
        : new Reply(new DefaultHttpResponse(HttpVersion.HTTP_1_1, status, HEADERS),
            file.region(first, length));
  }

  private <E extends Exception> Reply fileReply(boolean head, HttpHeaders request, Path path,
      FileVersion version, Body<E> body) throws E {
    FileKind kind = FileKind.of(path.getFileName().toString());
    Validators validators = new Validators(version, lastModifiedDates);
    if (validators.notModified(request)) {
      FullHttpResponse response = empty(HttpResponseStatus.NOT_MODIFIED);
      cacheHeaders(response.headers(), kind, validators);
      return Reply.full(response);
    }
    RangeParser.Result range = validators.rangeApplies(request)
        ? RangeParser.parse(request.get(HttpHeaderNames.RANGE), version.size())
        : RangeParser.Result.WHOLE;
    if (range.outcome() == RangeParser.Outcome.UNSATISFIABLE) {
      FullHttpResponse response = empty(HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE);
      response.headers()
          .set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + version.size())
          .set(HttpHeaderNames.ACCEPT_RANGES, HttpHeaderValues.BYTES)
          .setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
      return Reply.full(response);
    }
    boolean partial = range.outcome() == RangeParser.Outcome.PARTIAL;
    long first = partial ? range.first() : 0;
    long length = partial ? range.length() : version.size();
    HttpResponseStatus status = partial ? HttpResponseStatus.PARTIAL_CONTENT
        : HttpResponseStatus.OK;
    Reply reply = !head && length > 0 ? body.reply(status, first, length)
        : Reply.full(empty(status));
    HttpHeaders headers = reply.response().headers();
    headers.set(HttpHeaderNames.CONTENT_TYPE, kind.contentType())
        .set(HttpHeaderNames.CONTENT_LENGTH, length)
        .set(HttpHeaderNames.ACCEPT_RANGES, HttpHeaderValues.BYTES);
    if (partial) {
      headers.set(HttpHeaderNames.CONTENT_RANGE,
          "bytes " + range.first() + "-" + range.last() + "/" + version.size());
    }
    cacheHeaders(headers, kind, validators);
    return reply;
  }

  private static void cacheHeaders(HttpHeaders headers, FileKind kind, Validators validators) {
    headers.set(HttpHeaderNames.CACHE_CONTROL, kind.cacheControl())
        .set(HttpHeaderNames.ETAG, validators.etag())
        .set(HttpHeaderNames.LAST_MODIFIED, validators.lastModified());
  }

  private static Reply preflight() {
    FullHttpResponse response = empty(HttpResponseStatus.NO_CONTENT);
    response.headers()
        .set(HttpHeaderNames.ALLOW, ALLOWED_METHODS)
        .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS)
        .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "Range")
        .set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "86400");
    return Reply.full(response);
  }

  private static Reply text(boolean head, HttpResponseStatus status) {
    return text(head, status, status + "\n");
  }

  /** A plain-text answer; HEAD gets its headers only. */
  private static Reply text(boolean head, HttpResponseStatus status, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ByteBuf content = head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes);
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content,
        HEADERS, TRAILERS);
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
        .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    return Reply.full(response);
  }

  private static FullHttpResponse empty(HttpResponseStatus status) {
    return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER,
        HEADERS, TRAILERS);
  }

  private static void closeQuietly(ServedFile file) {
    try {
      file.close();
    } catch (IOException ignored) {
      // nothing was sent from it; the descriptor is gone either way
    }
  }
}
