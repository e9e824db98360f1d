package io.streaminglab.testkit;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A TCP relay on loopback that delays every byte by a fixed time plus a random jitter, in both
 * directions and in order, as a longer network path would: the way to feed one publisher to
 * two servers that see it at different moments. {@link #cutConnections()} drops what it
 * carries, as a broken path does, and the relay takes new connections after it.
 */
public final class DelayingRelay implements AutoCloseable {
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
      NioIoHandler.newFactory());
  private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
  private final InetSocketAddress target;
  private final long delayNanos;
  private final long jitterNanos;
  private final Random random;
  private final Channel server;

  private DelayingRelay(InetSocketAddress target, Duration delay, Duration jitter, long seed)
      throws InterruptedException {
    this.target = target;
    this.delayNanos = delay.toNanos();
    this.jitterNanos = jitter.toNanos();
    this.random = new Random(seed);
    server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.AUTO_READ, false)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel inbound) {
            channels.add(inbound);
            connect(inbound);
          }
        })
        .bind("127.0.0.1", 0).sync().channel();
  }

  /**
   * A relay to {@code 127.0.0.1:targetPort} that delays by {@code delay} plus up to {@code
   * jitter}, drawn from {@code seed} so that a run can be repeated.
   */
  public static DelayingRelay start(int targetPort, Duration delay, Duration jitter, long seed)
      throws InterruptedException {
    return new DelayingRelay(new InetSocketAddress("127.0.0.1", targetPort), delay, jitter,
        seed);
  }

  /** The port to connect to instead of the target's. */
  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** Closes every connection it carries now; new ones are relayed again. */
  public void cutConnections() {
    for (Channel channel : channels) {
      channel.close();
    }
  }

  private void connect(Channel inbound) {
    new Bootstrap().group(inbound.eventLoop()).channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel outbound) {
            channels.add(outbound);
            outbound.pipeline().addLast(new Forwarder(inbound));
            inbound.pipeline().addLast(new Forwarder(outbound));
          }
        })
        .connect(target).addListener((ChannelFutureListener) connected -> {
          if (!connected.isSuccess()) {
            inbound.close();
            return;
          }
          inbound.config().setAutoRead(true);
        });
  }

  /** Writes what one side reads to the other side once its delay has passed, in order. */
  private final class Forwarder extends ChannelInboundHandlerAdapter {
    private final Channel peer;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private long lastReleaseNanos;

    Forwarder(Channel peer) {
      this.peer = peer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
      if (!(message instanceof ByteBuf)) {
        ReferenceCountUtil.release(message);
        return;
      }
      long jitter;
      synchronized (random) {
        jitter = jitterNanos == 0 ? 0 : (long) (random.nextDouble() * jitterNanos);
      }
      long now = System.nanoTime();
      long release = Math.max(lastReleaseNanos, now + delayNanos + jitter);
      lastReleaseNanos = release;
      pending.add(new Pending(release, (ByteBuf) message));
      // Each chunk's drain runs no earlier than its release and takes every chunk due by
      // then from the head, so the order holds whatever order the timers fire in.
      ctx.channel().eventLoop().schedule(this::drain, release - now, TimeUnit.NANOSECONDS);
    }

    private void drain() {
      long now = System.nanoTime();
      while (!pending.isEmpty() && pending.peek().releaseNanos() <= now) {
        ByteBuf bytes = pending.poll().bytes();
        if (peer.isActive()) {
          peer.writeAndFlush(bytes);
        } else {
          bytes.release();
        }
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      channels.remove(ctx.channel());
      // What is still on its way is delivered before the other side learns of the close.
      long wait = Math.max(0, lastReleaseNanos - System.nanoTime());
      ctx.channel().eventLoop().schedule(() -> {
        drain();
        peer.close();
      }, wait, TimeUnit.NANOSECONDS);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  private record Pending(long releaseNanos, ByteBuf bytes) {}

  @Override
  public void close() throws InterruptedException {
    server.close().sync();
    cutConnections();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
  }
}
