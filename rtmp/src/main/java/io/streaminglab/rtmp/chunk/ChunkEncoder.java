package io.streaminglab.rtmp.chunk;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import io.streaminglab.rtmp.message.MessageType;
import io.streaminglab.rtmp.message.ProtocolControl;
import io.streaminglab.rtmp.message.RtmpMessage;
import java.util.HashMap;
import java.util.Map;

/**
 * Splits RTMP messages into chunks (RTMP specification 1.0, section 5.3), compressing headers
 * against the previous message on the same chunk stream.
 *
 * <p>Header choice: type 0 for the first message on a chunk stream, another message stream id
 * or a timestamp that goes backwards; type 1 when length or type change; type 2 when only the
 * timestamp delta changes; type 3 when the delta repeats a type-1 or type-2 delta. A type-3 chunk
 * never starts a message after a type-0 header, since peers disagree on what that means.
 * Extended timestamps are written on every chunk of the message, continuation chunks included,
 * as ffmpeg and Flash Media Server expect.
 *
 * <p>A Set Chunk Size message sent through this encoder takes effect for the messages after it.
 */
public final class ChunkEncoder extends MessageToByteEncoder<RtmpMessage> {
  private final Map<Integer, LastHeader> lastHeaders = new HashMap<>();
  private int chunkSize = 128;

  public ChunkEncoder() {
    super(RtmpMessage.class, false);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, RtmpMessage message, ByteBuf out) {
    encode(message, out);
  }

  /** Writes {@code message} as chunks to {@code out}. */
  public void encode(RtmpMessage message, ByteBuf out) {
    int csid = message.chunkStreamId();
    long timestamp = message.timestamp();
    int length = message.length();
    LastHeader last = lastHeaders.get(csid);

    int fmt;
    long field;
    if (last == null || last.streamId != message.streamId() || timestamp < last.timestamp) {
      fmt = 0;
      field = timestamp;
    } else {
      long delta = timestamp - last.timestamp;
      field = delta;
      if (last.length != length || last.typeId != message.typeId()) {
        fmt = 1;
      } else if (last.fmt != 0 && delta == last.delta) {
        fmt = 3;
      } else {
        fmt = 2;
      }
    }
    boolean extended = field >= 0xFFFFFF;

    writeBasicHeader(out, fmt, csid);
    if (fmt <= 2) {
      out.writeMedium(extended ? 0xFFFFFF : (int) field);
    }
    if (fmt <= 1) {
      out.writeMedium(length);
      out.writeByte(message.typeId());
    }
    if (fmt == 0) {
      out.writeIntLE(message.streamId());
    }
    if (extended) {
      out.writeInt((int) field);
    }

    byte[] payload = message.payload();
    int written = Math.min(chunkSize, length);
    out.writeBytes(payload, 0, written);
    while (written < length) {
      writeBasicHeader(out, 3, csid);
      if (extended) {
        out.writeInt((int) field);
      }
      int n = Math.min(chunkSize, length - written);
      out.writeBytes(payload, written, n);
      written += n;
    }

    LastHeader next = new LastHeader(fmt, timestamp,
        fmt == 0 ? (last == null ? 0 : last.delta) : field, length, message.typeId(),
        message.streamId());
    lastHeaders.put(csid, next);

    if (message.typeId() == MessageType.SET_CHUNK_SIZE && message.chunkStreamId() == 2) {
      chunkSize = (int) ProtocolControl.readUint32(message);
    }
  }

  private static void writeBasicHeader(ByteBuf out, int fmt, int csid) {
    if (csid < 64) {
      out.writeByte((fmt << 6) | csid);
    } else if (csid < 320) {
      out.writeByte(fmt << 6);
      out.writeByte(csid - 64);
    } else {
      out.writeByte((fmt << 6) | 1);
      int rest = csid - 64;
      out.writeByte(rest & 0xFF);
      out.writeByte(rest >> 8);
    }
  }

  @Override
  protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, RtmpMessage msg, boolean preferDirect) {
    int chunks = Math.max(1, (msg.length() + chunkSize - 1) / chunkSize);
    return ctx.alloc().ioBuffer(msg.length() + 18 + chunks * 7);
  }

  private record LastHeader(int fmt, long timestamp, long delta, int length, int typeId,
      int streamId) {}
}
