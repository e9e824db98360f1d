package io.streaminglab.rtmp.handshake;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The client side of the RTMP handshake.
 *
 * <ol>
 *   <li>On connect writes C0 and C1; with {@code digest} set, C1 carries a player digest as
 *       Flash Player and ffmpeg send it, otherwise it is a plain C1.</li>
 *   <li>Reads S0, S1 and S2. When S1 carries a valid server digest, S2's signature is checked
 *       against this side's C1 digest and C2 is signed with the server's digest; otherwise C2
 *       echoes S1.</li>
 *   <li>Writes C2, fires {@link HandshakeCompletion} and removes itself.</li>
 * </ol>
 */
public final class ClientHandshakeHandler extends ByteToMessageDecoder {
  private static final int VERSION = 3;

  private final boolean digest;
  private byte[] c1;
  private int c1DigestPosition = -1;
  private boolean serverDigestVerified;
  private boolean done;

  public ClientHandshakeHandler(boolean digest) {
    this.digest = digest;
  }

  /** Whether the server answered with a valid digest S1 and a correctly signed S2. */
  public boolean serverDigestVerified() {
    return serverDigestVerified;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    sendC0C1(ctx);
    super.channelActive(ctx);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      sendC0C1(ctx);
    }
  }

  private void sendC0C1(ChannelHandlerContext ctx) {
    if (c1 != null) {
      return;
    }
    c1 = new byte[HandshakeDigest.PACKET_SIZE];
    ThreadLocalRandom.current().nextBytes(c1);
    Arrays.fill(c1, 0, 4, (byte) 0);
    if (digest) {
      // Flash Player 9.0.124.2, the version ffmpeg announces.
      c1[4] = 9;
      c1[5] = 0;
      c1[6] = 124;
      c1[7] = 2;
      c1DigestPosition = HandshakeDigest.sign(c1, 8, HandshakeDigest.PLAYER_KEY,
          HandshakeDigest.PLAYER_KEY_PUBLIC_LENGTH);
    } else {
      Arrays.fill(c1, 4, 8, (byte) 0);
    }
    ByteBuf out = ctx.alloc().buffer(1 + HandshakeDigest.PACKET_SIZE);
    out.writeByte(VERSION);
    out.writeBytes(c1);
    ctx.writeAndFlush(out);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (done) {
      in.skipBytes(in.readableBytes());
      return;
    }
    if (in.readableBytes() < 1 + 2 * HandshakeDigest.PACKET_SIZE) {
      return;
    }
    int version = in.readUnsignedByte();
    if (version != VERSION) {
      done = true;
      in.skipBytes(in.readableBytes());
      throw new HandshakeException("server answered with RTMP version " + version
          + ", expected 3");
    }
    byte[] s1 = new byte[HandshakeDigest.PACKET_SIZE];
    byte[] s2 = new byte[HandshakeDigest.PACKET_SIZE];
    in.readBytes(s1);
    in.readBytes(s2);

    byte[] c2;
    int serverDigest = s1[4] == 0 ? -1 : HandshakeDigest.findDigest(s1,
        HandshakeDigest.SERVER_KEY, HandshakeDigest.SERVER_KEY_PUBLIC_LENGTH);
    if (digest && serverDigest >= 0) {
      byte[] ourDigest = Arrays.copyOfRange(c1, c1DigestPosition,
          c1DigestPosition + HandshakeDigest.DIGEST_SIZE);
      byte[] expected = HandshakeDigest.responseSignature(s2, ourDigest,
          HandshakeDigest.SERVER_KEY);
      byte[] actual = Arrays.copyOfRange(s2, HandshakeDigest.PACKET_SIZE
          - HandshakeDigest.DIGEST_SIZE, HandshakeDigest.PACKET_SIZE);
      if (!MessageDigest.isEqual(expected, actual)) {
        done = true;
        in.skipBytes(in.readableBytes());
        throw new HandshakeException("server S2 signature does not match our C1 digest");
      }
      serverDigestVerified = true;
      c2 = new byte[HandshakeDigest.PACKET_SIZE];
      ThreadLocalRandom.current().nextBytes(c2);
      HandshakeDigest.signResponse(c2, Arrays.copyOfRange(s1, serverDigest,
          serverDigest + HandshakeDigest.DIGEST_SIZE), HandshakeDigest.PLAYER_KEY);
    } else {
      c2 = s1;
    }
    ctx.writeAndFlush(ctx.alloc().buffer(c2.length).writeBytes(c2));
    done = true;
    ctx.fireUserEventTriggered(HandshakeCompletion.SUCCESS);
    ctx.pipeline().remove(this);
  }
}
