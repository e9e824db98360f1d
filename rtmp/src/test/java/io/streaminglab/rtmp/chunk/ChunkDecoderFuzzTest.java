package io.streaminglab.rtmp.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.streaminglab.rtmp.message.Command;
import io.streaminglab.rtmp.message.MessageType;
import io.streaminglab.rtmp.message.RtmpMessage;
import io.streaminglab.rtmp.message.RtmpProtocolException;

/**
 * Hostile bytes into the chunk decoder (and the command reader behind it): the only failure
 * allowed is an {@link RtmpProtocolException}, and no message may pass the length limit.
 *
 * <p>{@code ./mvnw test} replays the inputs kept in {@code ChunkDecoderFuzzTestInputs}; fuzz for
 * real with {@code JAZZER_FUZZ=1 ./mvnw -pl rtmp test -Dtest=ChunkDecoderFuzzTest}.
 */
class ChunkDecoderFuzzTest {
  private static final int MAX_MESSAGE = 4096;

  @FuzzTest(maxDuration = "2m")
  void decodesHostileBytesWithoutCrashing(byte[] input) {
    EmbeddedChannel channel = new EmbeddedChannel(new ChunkDecoder(
        new ChunkDecoderLimits(MAX_MESSAGE, 8, 2 * MAX_MESSAGE)));
    int slice = input.length == 0 ? 1 : 1 + (input[0] & 0x3F);
    try {
      for (int offset = 0; offset < input.length; offset += slice) {
        channel.writeInbound(Unpooled.wrappedBuffer(input, offset,
            Math.min(slice, input.length - offset)));
        for (RtmpMessage message; (message = channel.readInbound()) != null; ) {
          assertThat(message.length()).isLessThanOrEqualTo(MAX_MESSAGE);
          if (message.typeId() == MessageType.COMMAND_AMF0) {
            Command.decode(message);
          }
        }
      }
    } catch (RtmpProtocolException expected) {
      // the session would be closed: that is the right outcome for bad input
    } finally {
      channel.finishAndReleaseAll();
    }
  }
}
