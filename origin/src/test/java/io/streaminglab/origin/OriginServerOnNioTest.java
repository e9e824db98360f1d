package io.streaminglab.origin;

/**
 * Every test of {@link OriginServerTest} on Java's NIO transport, which the origin falls back to where
 * Linux's epoll library does not load.
 */
class OriginServerOnNioTest extends OriginServerTest {
  @Override
  OriginTransport transport() {
    return OriginTransport.NIO;
  }
}
