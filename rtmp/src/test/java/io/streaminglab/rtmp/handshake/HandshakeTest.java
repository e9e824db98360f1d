package io.streaminglab.rtmp.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class HandshakeTest {

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void clientAndServerCompleteTheHandshakeAndLeaveThePipeline(boolean digest) {
    Recorder serverSide = new Recorder();
    ServerHandshakeHandler server = new ServerHandshakeHandler(Duration.ofSeconds(10));
    EmbeddedChannel serverChannel = new EmbeddedChannel(server, serverSide);
    Recorder clientSide = new Recorder();
    ClientHandshakeHandler client = new ClientHandshakeHandler(digest);
    EmbeddedChannel clientChannel = new EmbeddedChannel(client, clientSide);

    pump(clientChannel, serverChannel); // C0 C1
    pump(serverChannel, clientChannel); // S0 S1 S2
    pump(clientChannel, serverChannel); // C2

    assertThat(server.digestHandshake()).isEqualTo(digest);
    assertThat(client.serverDigestVerified()).isEqualTo(digest);
    assertThat(serverSide.completed).isTrue();
    assertThat(clientSide.completed).isTrue();
    assertThat(serverChannel.pipeline().get(ServerHandshakeHandler.class)).isNull();
    assertThat(clientChannel.pipeline().get(ClientHandshakeHandler.class)).isNull();
  }

  @Test
  void aPlainC1IsEchoedInS2() {
    EmbeddedChannel channel = new EmbeddedChannel(
        new ServerHandshakeHandler(Duration.ofSeconds(10)));
    byte[] c1 = new byte[1536];
    for (int i = 8; i < c1.length; i++) {
      c1[i] = (byte) i;
    }
    ByteBuf in = Unpooled.buffer().writeByte(3).writeBytes(c1);

    channel.writeInbound(in);

    ByteBuf out = channel.readOutbound();
    assertThat(out.readableBytes()).isEqualTo(1 + 2 * 1536);
    assertThat(out.getByte(0)).isEqualTo((byte) 3);
    byte[] s2 = new byte[1536];
    out.getBytes(1 + 1536, s2);
    out.release();
    assertThat(s2).isEqualTo(c1);
  }

  @Test
  void bytesThatFollowC2ReachTheNextHandler() {
    Recorder next = new Recorder();
    EmbeddedChannel channel = new EmbeddedChannel(
        new ServerHandshakeHandler(Duration.ofSeconds(10)), next);
    ByteBuf in = Unpooled.buffer().writeByte(3).writeZero(1536).writeZero(1536)
        .writeBytes("after".getBytes(StandardCharsets.US_ASCII));

    channel.writeInbound(in);

    assertThat(next.completed).isTrue();
    assertThat(next.bytes).asString(StandardCharsets.US_ASCII).isEqualTo("after");
  }

  @Test
  void anEncryptedHandshakeIsRefusedWithAClearReason() {
    EmbeddedChannel channel = new EmbeddedChannel(
        new ServerHandshakeHandler(Duration.ofSeconds(10)));
    assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {6, 0, 0})))
        .isInstanceOf(HandshakeException.class)
        .hasMessageContaining("RTMPE");
  }

  @Test
  void aHandshakeThatStallsTimesOut() {
    Recorder next = new Recorder();
    EmbeddedChannel channel = new EmbeddedChannel(
        new ServerHandshakeHandler(Duration.ofMillis(1)), next);
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {3, 1, 2, 3}));

    channel.advanceTimeBy(1, java.util.concurrent.TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();

    assertThat(next.failure).isInstanceOf(HandshakeException.class)
        .hasMessageContaining("not finished");
  }

  private static void pump(EmbeddedChannel from, EmbeddedChannel to) {
    List<ByteBuf> parts = new ArrayList<>();
    for (ByteBuf part; (part = from.readOutbound()) != null; ) {
      parts.add(part);
    }
    for (ByteBuf part : parts) {
      to.writeInbound(part);
    }
  }

  /** The next handler: records the completion event, the bytes and a failure. */
  private static final class Recorder extends ChannelInboundHandlerAdapter {
    boolean completed;
    byte[] bytes = new byte[0];
    Throwable failure;

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt == HandshakeCompletion.SUCCESS) {
        completed = true;
      }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf buf = (ByteBuf) msg;
      byte[] more = new byte[buf.readableBytes()];
      buf.readBytes(more);
      buf.release();
      byte[] joined = new byte[bytes.length + more.length];
      System.arraycopy(bytes, 0, joined, 0, bytes.length);
      System.arraycopy(more, 0, joined, bytes.length, more.length);
      bytes = joined;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      failure = cause;
    }
  }
}
