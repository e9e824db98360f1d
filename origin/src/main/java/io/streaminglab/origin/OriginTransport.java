package io.streaminglab.origin;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.DefaultSelectStrategyFactory;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.nio.channels.spi.SelectorProvider;

/**
 * The socket layer an origin runs on: Linux's epoll through Netty's native library where it
 * loads, Java's NIO everywhere else.
 *
 * <p>Both send files with {@code sendfile(2)} and answer the same bytes; epoll spends fewer
 * system calls and less CPU per request, which is what a small playlist costs. Its library is in
 * the jar for Linux on x86-64 and AArch64, built against glibc; on any other system, or wherever
 * the library does not load, {@link #preferred()} is NIO and the origin works the same. Java's
 * {@code -Dio.netty.transport.noNative=true} forces NIO on Linux too.
 */
enum OriginTransport {
  EPOLL("epoll") {
    @Override
    IoHandlerFactory ioHandlerFactory() {
      return EpollIoHandler.newFactory(READY_PER_WAIT, DefaultSelectStrategyFactory.INSTANCE);
    }

    @Override
    ServerChannel newServerChannel(SocketProtocolFamily family) {
      return new EpollServerSocketChannel(family);
    }

    @Override
    boolean cork(Channel channel, boolean on) {
      try {
        return channel.config().setOption(EpollChannelOption.TCP_CORK, on);
      } catch (ChannelException e) {
        return false; // the connection is going away; its close tells the rest
      }
    }
  },
  NIO("nio") {
    @Override
    IoHandlerFactory ioHandlerFactory() {
      return NioIoHandler.newFactory();
    }

    @Override
    ServerChannel newServerChannel(SocketProtocolFamily family) {
      return new NioServerSocketChannel(SelectorProvider.provider(), family);
    }
  };

  /**
   * At most this many ready connections from one {@code epoll_wait}; the rest wait for the next
   * turn of the loop, in the kernel's order. Netty's default takes all of them: at 200
   * connections on two loops, a loop that had fallen behind then took up to all of its 100 in
   * one turn (turns up to 18-25 ms, 99th percentile 13-16 ms, traced with perf). Capped at 32,
   * turns were at most 12-17 ms (99th percentile 8-11 ms), and wrk's p99 for a 500 KB segment
   * fell from 29-31 ms to 23-25 ms, nginx's level, with req/s unchanged (medians of 10 runs of
   * the same build with and without the cap, against nginx in the same run). A cap costs one
   * more {@code epoll_wait} per 32 ready connections.
   */
  static final int READY_PER_WAIT = 32;

  private final String label;

  OriginTransport(String label) {
    this.label = label;
  }

  abstract IoHandlerFactory ioHandlerFactory();

  /**
   * A listening socket of {@code family}: {@code INET} for an IPv4 address, so that
   * connections to it are plain IPv4 sockets and not IPv4-mapped IPv6 ones, which cost more
   * per packet (measured: a segment took about a sixth more CPU).
   */
  abstract ServerChannel newServerChannel(SocketProtocolFamily family);

  /**
   * Holds back ({@code on}) or lets go of partial TCP segments on a connection, so that headers
   * and the start of a file leave in full packets; true when done, false where the transport
   * cannot (NIO).
   */
  boolean cork(Channel channel, boolean on) {
    return false;
  }

  /** The name the origin logs at start: {@code epoll} or {@code nio}. */
  String label() {
    return label;
  }

  /** Epoll when its native library is loaded on this machine, else NIO. */
  static OriginTransport preferred() {
    return choose(Epoll.isAvailable());
  }

  static OriginTransport choose(boolean epollAvailable) {
    return epollAvailable ? EPOLL : NIO;
  }

  /** Why epoll is not used here, for the log; null when it is available. */
  static String whyNotEpoll() {
    Throwable cause = Epoll.unavailabilityCause();
    return cause == null ? null : String.valueOf(cause.getMessage());
  }
}
