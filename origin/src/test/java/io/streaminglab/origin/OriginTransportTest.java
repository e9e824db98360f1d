package io.streaminglab.origin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class OriginTransportTest {
  @Test
  void prefersEpollWhereItLoadsAndFallsBackToNio() {
    assertThat(OriginTransport.choose(true)).isEqualTo(OriginTransport.EPOLL);
    assertThat(OriginTransport.choose(false)).isEqualTo(OriginTransport.NIO);
    assertThat(OriginTransport.preferred())
        .isEqualTo(Epoll.isAvailable() ? OriginTransport.EPOLL : OriginTransport.NIO);
  }

  @Test
  void eachTransportHasItsOwnServerChannel() {
    ServerChannel nio = OriginTransport.NIO.newServerChannel(SocketProtocolFamily.INET);
    try {
      assertThat(nio).isInstanceOf(NioServerSocketChannel.class);
    } finally {
      nio.unsafe().closeForcibly();
    }
    assertThat(OriginTransport.EPOLL.label()).isEqualTo("epoll");
    assertThat(OriginTransport.NIO.label()).isEqualTo("nio");
  }

  @Test
  void epollMakesAnEpollServerChannel() {
    assumeTrue(Epoll.isAvailable(), "epoll is not available here");
    ServerChannel epoll = OriginTransport.EPOLL.newServerChannel(SocketProtocolFamily.INET);
    try {
      assertThat(epoll).isInstanceOf(EpollServerSocketChannel.class);
    } finally {
      epoll.unsafe().closeForcibly();
    }
  }

  @Test
  void nioCannotCork() {
    ServerChannel nio = OriginTransport.NIO.newServerChannel(SocketProtocolFamily.INET);
    try {
      assertThat(OriginTransport.NIO.cork(nio, true)).isFalse();
    } finally {
      nio.unsafe().closeForcibly();
    }
  }

  @Test
  void theNativeLibraryShipsForLinuxOnX86AndArm() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    assumeTrue(os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64")
            || arch.equals("aarch64")),
        "Netty's epoll library ships for Linux on x86-64 and AArch64 only; this is " + os
            + " on " + arch);
    assumeTrue(!Boolean.getBoolean("io.netty.transport.noNative"),
        "the native transport is switched off with -Dio.netty.transport.noNative=true");

    assertThat(Epoll.isAvailable())
        .as("epoll should load here; it did not: %s", OriginTransport.whyNotEpoll())
        .isTrue();
    assertThat(OriginTransport.whyNotEpoll()).isNull();
    assertThat(OriginTransport.preferred()).isEqualTo(OriginTransport.EPOLL);
  }
}
