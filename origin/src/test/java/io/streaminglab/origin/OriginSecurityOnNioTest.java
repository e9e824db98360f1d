package io.streaminglab.origin;

/**
 * Every test of {@link OriginSecurityTest} on Java's NIO transport, which the origin falls back to where
 * Linux's epoll library does not load.
 */
class OriginSecurityOnNioTest extends OriginSecurityTest {
  @Override
  OriginTransport transport() {
    return OriginTransport.NIO;
  }
}
