package io.streaminglab.origin;

/**
 * Every test of {@link OriginConnectionTest} on Java's NIO transport, which the origin falls back to where
 * Linux's epoll library does not load.
 */
class OriginConnectionOnNioTest extends OriginConnectionTest {
  @Override
  OriginTransport transport() {
    return OriginTransport.NIO;
  }
}
