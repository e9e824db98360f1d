package io.streaminglab.origin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
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
    assertThat(OriginTransport.EPOLL.serverChannelClass())
        .isEqualTo(EpollServerSocketChannel.class);
    assertThat(OriginTransport.NIO.serverChannelClass()).isEqualTo(NioServerSocketChannel.class);
    assertThat(OriginTransport.EPOLL.label()).isEqualTo("epoll");
    assertThat(OriginTransport.NIO.label()).isEqualTo("nio");
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
