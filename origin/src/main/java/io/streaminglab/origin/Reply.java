package io.streaminglab.origin;

import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponse;

/**
 * A response ready to write: a {@link FullHttpResponse}, or headers followed by a region of an
 * open file, which the writer takes over (Netty releases it once it is sent or dropped, and the
 * release lets go of the file, see {@link SharedFile}).
 *
 * @param response the status and headers, and the whole body when {@code file} is null
 * @param file the body's bytes from a file, or null
 */
record Reply(HttpResponse response, DefaultFileRegion file) {

  static Reply full(FullHttpResponse response) {
    return new Reply(response, null);
  }

  /** The body bytes this reply sends. */
  long bodyBytes() {
    return file != null ? file.count()
        : response instanceof FullHttpResponse full ? full.content().readableBytes() : 0;
  }
}
