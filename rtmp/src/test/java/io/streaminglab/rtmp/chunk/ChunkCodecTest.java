package io.streaminglab.rtmp.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.streaminglab.rtmp.message.MessageType;
import io.streaminglab.rtmp.message.ProtocolControl;
import io.streaminglab.rtmp.message.RtmpMessage;
import io.streaminglab.rtmp.message.RtmpProtocolException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ChunkCodecTest {
  private static final Random RANDOM = new Random(42);

  @ParameterizedTest
  @ValueSource(ints = {1, 128, 1000, 4096, 65536, 0xFFFFFF})
  void messagesSurviveARoundTripAtEveryChunkSize(int chunkSize) {
    List<RtmpMessage> sent = new ArrayList<>();
    sent.add(ProtocolControl.setChunkSize(chunkSize));
    long[] timestamps = {0, 0, 33, 66, 99, 99, 140, 40, 0xFFFFFE, 0xFFFFFF, 0x1000000,
        0x1000021, 0x1000042, 0xFFFFFFFFL, 5};
    int[] sizes = {0, 1, 127, 128, 129, 4095, 4096, 4097, 70000};
    int i = 0;
    for (long timestamp : timestamps) {
      for (int csid : new int[] {4, 6, 63, 64, 319, 320, 65599}) {
        int size = sizes[i++ % sizes.length];
        int type = i % 2 == 0 ? MessageType.VIDEO : MessageType.AUDIO;
        sent.add(new RtmpMessage(csid, type, timestamp, 1, randomBytes(size)));
      }
    }

    List<RtmpMessage> received = roundTrip(sent, 7);

    assertSameMessages(received, sent);
  }

  @Test
  void aType3HeaderRepeatsTheDeltaOfTheMessageBefore() {
    List<RtmpMessage> sent = new ArrayList<>();
    for (int n = 0; n < 10; n++) {
      sent.add(new RtmpMessage(6, MessageType.VIDEO, 1000 + 40L * n, 1, randomBytes(300)));
    }
    ByteBuf wire = encode(sent);
    // The encoder uses type 3 for the repeated 40 ms delta: the wire is the proof of compression.
    assertThat(wire.readableBytes()).isLessThan(10 * 300 + 10 * 12);

    assertSameMessages(decode(wire, 1 << 20), sent);
  }

  @Test
  void extendedTimestampsAreReadWhetherOrNotContinuationChunksRepeatThem() {
    byte[] payload = randomBytes(300);
    long timestamp = 0x12345678L;
    ByteBuf withRepeat = Unpooled.buffer();
    ByteBuf withoutRepeat = Unpooled.buffer();
    for (ByteBuf wire : new ByteBuf[] {withRepeat, withoutRepeat}) {
      wire.writeByte(6); // fmt 0, csid 6
      wire.writeMedium(0xFFFFFF);
      wire.writeMedium(payload.length);
      wire.writeByte(MessageType.VIDEO);
      wire.writeIntLE(1);
      wire.writeInt((int) timestamp);
      wire.writeBytes(payload, 0, 128);
      for (int offset = 128; offset < payload.length; offset += 128) {
        wire.writeByte(0xC0 | 6); // fmt 3
        if (wire == withRepeat) {
          wire.writeInt((int) timestamp);
        }
        wire.writeBytes(payload, offset, Math.min(128, payload.length - offset));
      }
    }

    for (ByteBuf wire : new ByteBuf[] {withRepeat, withoutRepeat}) {
      List<RtmpMessage> received = decode(wire, 1 << 20);
      assertThat(received).hasSize(1);
      assertThat(received.get(0).timestamp()).isEqualTo(timestamp);
      assertThat(received.get(0).payload()).isEqualTo(payload);
    }
  }

  @Test
  void anAbortDropsThePartialMessageOfItsChunkStream() {
    ChunkEncoder encoder = new ChunkEncoder();
    ByteBuf wire = Unpooled.buffer();
    ByteBuf first = Unpooled.buffer();
    encoder.encode(new RtmpMessage(6, MessageType.VIDEO, 0, 1, randomBytes(300)), first);
    wire.writeBytes(first, 12 + 128); // header and the first chunk only
    first.release();
    encoder.encode(new RtmpMessage(2, MessageType.ABORT, 0, 0, new byte[] {0, 0, 0, 6}), wire);
    RtmpMessage next = new RtmpMessage(6, MessageType.VIDEO, 80, 1, randomBytes(50));
    // After an abort the next message on that chunk stream starts afresh with a full header.
    wire.writeByte(6);
    wire.writeMedium(80);
    wire.writeMedium(50);
    wire.writeByte(MessageType.VIDEO);
    wire.writeIntLE(1);
    wire.writeBytes(next.payload());

    List<RtmpMessage> received = decode(wire, 1 << 20);

    assertThat(received).extracting(RtmpMessage::typeId)
        .containsExactly(MessageType.ABORT, MessageType.VIDEO);
    assertThat(received.get(1).payload()).isEqualTo(next.payload());
  }


  @Test
  void anAbortOfAChunkStreamNeverOpenedChangesNothing() {
    ChunkEncoder encoder = new ChunkEncoder();
    ByteBuf wire = Unpooled.buffer();
    RtmpMessage audio = new RtmpMessage(4, MessageType.AUDIO, 0, 1, randomBytes(20));
    encoder.encode(audio, wire);
    // Ids past the one-byte range, past the three-byte range, and past int: none was used.
    for (byte[] id : new byte[][] {{0, 0, 0, 9}, {0, 0, 1, 64}, {0, 1, 0, 0},
        {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}}) {
      encoder.encode(new RtmpMessage(2, MessageType.ABORT, 0, 0, id), wire);
    }
    encoder.encode(audio, wire);

    List<RtmpMessage> received = decode(wire, 1 << 20);

    assertThat(received).extracting(RtmpMessage::typeId).containsExactly(MessageType.AUDIO,
        MessageType.ABORT, MessageType.ABORT, MessageType.ABORT, MessageType.ABORT,
        MessageType.AUDIO);
  }
  @ParameterizedTest
  @ValueSource(longs = {0, 0x80000000L, 0x1000000L, 0xFFFFFFFFL})
  void aChunkSizeOutOfRangeFailsTheSession(long size) {
    ByteBuf wire = Unpooled.buffer();
    wire.writeByte(2);
    wire.writeMedium(0);
    wire.writeMedium(4);
    wire.writeByte(MessageType.SET_CHUNK_SIZE);
    wire.writeIntLE(0);
    wire.writeInt((int) size);

    EmbeddedChannel channel = new EmbeddedChannel(new ChunkDecoder());
    assertThatThrownBy(() -> channel.writeInbound(wire))
        .isInstanceOf(RtmpProtocolException.class)
        .hasMessageContaining("chunk size of " + size);
  }

  @Test
  void aLengthFieldPastTheLimitFailsBeforeAnythingIsAllocated() {
    ByteBuf wire = Unpooled.buffer();
    wire.writeByte(6);
    wire.writeMedium(0);
    wire.writeMedium(0xFFFFFF);
    wire.writeByte(MessageType.VIDEO);
    wire.writeIntLE(1);

    EmbeddedChannel channel = new EmbeddedChannel(
        new ChunkDecoder(ChunkDecoderLimits.DEFAULT.withMaxMessageLength(1 << 20)));
    assertThatThrownBy(() -> channel.writeInbound(wire))
        .isInstanceOf(RtmpProtocolException.class)
        .hasMessageContaining("exceeds the limit");
  }

  @Test
  void aHeaderThatRefersToAMessageNeverSeenFailsTheSession() {
    EmbeddedChannel channel = new EmbeddedChannel(new ChunkDecoder());
    assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {
        (byte) 0x46, 0, 0, 40, 0, 0, 10, 9})))
        .isInstanceOf(RtmpProtocolException.class)
        .hasMessageContaining("type-1 header");
  }

  @Test
  void tooManyChunkStreamsFailTheSession() {
    ChunkEncoder encoder = new ChunkEncoder();
    ByteBuf wire = Unpooled.buffer();
    for (int csid = 3; csid < 3 + 100; csid++) {
      encoder.encode(new RtmpMessage(csid, MessageType.AUDIO, 0, 1, new byte[1]), wire);
    }
    EmbeddedChannel channel = new EmbeddedChannel(new ChunkDecoder());
    assertThatThrownBy(() -> channel.writeInbound(wire))
        .isInstanceOf(RtmpProtocolException.class)
        .hasMessageContaining("chunk streams");
  }

  @Test
  void afterAFailureTheDecoderDiscardsTheRestQuietly() {
    EmbeddedChannel channel = new EmbeddedChannel(new ChunkDecoder());
    assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {
        (byte) 0x46, 0, 0, 40, 0, 0, 10, 9})))
        .isInstanceOf(RtmpProtocolException.class);

    channel.writeInbound(Unpooled.wrappedBuffer(randomBytes(10_000)));

    assertThat((Object) channel.readInbound()).isNull();
  }

  @Test
  void bytesArrivingOneAtATimeMakeTheSameMessages() {
    List<RtmpMessage> sent = List.of(
        new RtmpMessage(3, MessageType.COMMAND_AMF0, 0, 0, randomBytes(200)),
        new RtmpMessage(6, MessageType.VIDEO, 0xFFFFFFL + 7, 1, randomBytes(1000)),
        new RtmpMessage(4, MessageType.AUDIO, 23, 1, randomBytes(10)));
    assertSameMessages(roundTrip(sent, 1), sent);
  }

  private static List<RtmpMessage> roundTrip(List<RtmpMessage> messages, int sliceSize) {
    ByteBuf wire = encode(messages);
    EmbeddedChannel channel = new EmbeddedChannel(new ChunkDecoder(
        ChunkDecoderLimits.DEFAULT.withMaxMessageLength(1 << 20)));
    while (wire.isReadable()) {
      channel.writeInbound(wire.readRetainedSlice(Math.min(sliceSize, wire.readableBytes())));
    }
    wire.release();
    return drain(channel);
  }

  private static ByteBuf encode(List<RtmpMessage> messages) {
    EmbeddedChannel channel = new EmbeddedChannel(new ChunkEncoder());
    for (RtmpMessage message : messages) {
      channel.writeOutbound(message);
    }
    ByteBuf wire = Unpooled.buffer();
    for (ByteBuf part; (part = channel.readOutbound()) != null; ) {
      wire.writeBytes(part);
      part.release();
    }
    return wire;
  }

  private static List<RtmpMessage> decode(ByteBuf wire, int maxMessage) {
    EmbeddedChannel channel = new EmbeddedChannel(new ChunkDecoder(
        ChunkDecoderLimits.DEFAULT.withMaxMessageLength(maxMessage)));
    channel.writeInbound(wire);
    return drain(channel);
  }

  private static List<RtmpMessage> drain(EmbeddedChannel channel) {
    List<RtmpMessage> received = new ArrayList<>();
    for (RtmpMessage message; (message = channel.readInbound()) != null; ) {
      received.add(message);
    }
    return received;
  }

  private static void assertSameMessages(List<RtmpMessage> received, List<RtmpMessage> sent) {
    assertThat(received).hasSameSizeAs(sent);
    for (int i = 0; i < sent.size(); i++) {
      RtmpMessage expected = sent.get(i);
      RtmpMessage actual = received.get(i);
      assertThat(actual.chunkStreamId()).as("csid of message %d", i)
          .isEqualTo(expected.chunkStreamId());
      assertThat(actual.typeId()).as("type of message %d", i).isEqualTo(expected.typeId());
      assertThat(actual.timestamp()).as("timestamp of message %d", i)
          .isEqualTo(expected.timestamp());
      assertThat(actual.streamId()).as("stream id of message %d", i)
          .isEqualTo(expected.streamId());
      assertThat(actual.payload()).as("payload of message %d", i).isEqualTo(expected.payload());
    }
  }

  private static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
