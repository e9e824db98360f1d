package io.streaminglab.rtmp.handshake;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The server side of the RTMP handshake (RTMP specification 1.0, section 5.2, and the digest
 * variant that Flash-era clients, ffmpeg and OBS send).
 *
 * <ol>
 *   <li>Reads C0 and C1. A C1 that carries a valid player digest gets a digest S1 and an S2
 *       signed with the client's digest; any other C1 gets a plain S1 and an S2 echoing C1.</li>
 *   <li>Writes S0, S1 and S2 at once.</li>
 *   <li>Reads C2 (its content is not checked, as no client depends on that), fires
 *       {@link HandshakeCompletion} and removes itself, passing any bytes that followed C2 to
 *       the next handler.</li>
 * </ol>
 *
 * <p>A C0 other than version 3 (RTMPE's 6 among them) or a handshake not finished within the
 * timeout fails with a {@link HandshakeException}.
 */
public final class ServerHandshakeHandler extends ByteToMessageDecoder {
  private static final int VERSION = 3;

  private enum State {
    /** Waiting for C0 and C1. */
    AWAIT_C0_C1,
    /** S0, S1 and S2 sent; waiting for C2. */
    AWAIT_C2,
    /** Done, or failed: bytes are passed on or dropped while the handler leaves the pipeline. */
    DONE
  }

  private final Duration timeout;
  private State state = State.AWAIT_C0_C1;
  private ScheduledFuture<?> timeoutTask;
  private boolean digestHandshake;

  public ServerHandshakeHandler(Duration timeout) {
    this.timeout = timeout;
  }

  /**
   * Loads and initialises the HMAC classes the digest handshake needs. A server calls it once
   * at start: otherwise the first clients, when many connect at once to a cold JVM, pay for it
   * inside their handshake timeout. (The handshake's random bytes need no secrecy, so they come
   * from a plain fast generator.)
   */
  public static void prepare() {
    HandshakeDigest.packetDigest(new byte[HandshakeDigest.PACKET_SIZE], 12,
        HandshakeDigest.PLAYER_KEY, HandshakeDigest.PLAYER_KEY_PUBLIC_LENGTH);
  }

  /** Whether the client used the digest ("complex") handshake; known once S1 is sent. */
  public boolean digestHandshake() {
    return digestHandshake;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      scheduleTimeout(ctx);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    scheduleTimeout(ctx);
    super.channelActive(ctx);
  }

  private void scheduleTimeout(ChannelHandlerContext ctx) {
    if (timeoutTask == null) {
      timeoutTask = ctx.executor().schedule(() -> {
        if (state != State.DONE) {
          ctx.fireExceptionCaught(new HandshakeException(
              "handshake not finished within " + timeout.toMillis() + " ms"));
        }
      }, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    if (timeoutTask != null) {
      timeoutTask.cancel(false);
    }
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    switch (state) {
      case AWAIT_C0_C1:
        if (in.readableBytes() < 1 + HandshakeDigest.PACKET_SIZE) {
          if (in.isReadable() && in.getUnsignedByte(in.readerIndex()) != VERSION) {
            failVersion(in);
          }
          return;
        }
        int version = in.readUnsignedByte();
        if (version != VERSION) {
          in.readerIndex(in.readerIndex() - 1);
          failVersion(in);
        }
        byte[] c1 = new byte[HandshakeDigest.PACKET_SIZE];
        in.readBytes(c1);
        ByteBuf response = ctx.alloc().buffer(1 + 2 * HandshakeDigest.PACKET_SIZE);
        response.writeByte(VERSION);
        response.writeBytes(respond(c1));
        ctx.writeAndFlush(response);
        state = State.AWAIT_C2;
        // fall through: C2 may already be here
      case AWAIT_C2:
        if (in.readableBytes() < HandshakeDigest.PACKET_SIZE) {
          return;
        }
        in.skipBytes(HandshakeDigest.PACKET_SIZE);
        state = State.DONE;
        ctx.fireUserEventTriggered(HandshakeCompletion.SUCCESS);
        ctx.pipeline().remove(this);
        return;
      default:
        in.skipBytes(in.readableBytes());
    }
  }

  private void failVersion(ByteBuf in) {
    int version = in.getUnsignedByte(in.readerIndex());
    state = State.DONE;
    in.skipBytes(in.readableBytes());
    throw new HandshakeException("client asked for RTMP version " + version
        + (version == 6 ? " (RTMPE, encrypted), which is not supported" : ", expected 3"));
  }

  /** S1 followed by S2 for the client's C1. */
  byte[] respond(byte[] c1) {
    byte[] s1 = new byte[HandshakeDigest.PACKET_SIZE];
    ThreadLocalRandom.current().nextBytes(s1);
    Arrays.fill(s1, 0, 4, (byte) 0);
    int clientDigest = HandshakeDigest.findDigest(c1, HandshakeDigest.PLAYER_KEY,
        HandshakeDigest.PLAYER_KEY_PUBLIC_LENGTH);
    byte[] s2;
    if (clientDigest >= 0) {
      digestHandshake = true;
      // Version 4.5.0.1 marks S1 as digest-bearing; ffmpeg checks it when it plays.
      s1[4] = 4;
      s1[5] = 5;
      s1[6] = 0;
      s1[7] = 1;
      int base = clientDigest < 772 ? 8 : 772;
      HandshakeDigest.sign(s1, base, HandshakeDigest.SERVER_KEY,
          HandshakeDigest.SERVER_KEY_PUBLIC_LENGTH);
      s2 = new byte[HandshakeDigest.PACKET_SIZE];
      ThreadLocalRandom.current().nextBytes(s2);
      byte[] digest = Arrays.copyOfRange(c1, clientDigest,
          clientDigest + HandshakeDigest.DIGEST_SIZE);
      HandshakeDigest.signResponse(s2, digest, HandshakeDigest.SERVER_KEY);
    } else {
      Arrays.fill(s1, 4, 8, (byte) 0);
      s2 = c1.clone();
    }
    byte[] both = Arrays.copyOf(s1, 2 * HandshakeDigest.PACKET_SIZE);
    System.arraycopy(s2, 0, both, HandshakeDigest.PACKET_SIZE, HandshakeDigest.PACKET_SIZE);
    return both;
  }
}
