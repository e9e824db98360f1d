package io.streaminglab.rtmp.chunk;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.streaminglab.rtmp.message.MessageType;
import io.streaminglab.rtmp.message.ProtocolControl;
import io.streaminglab.rtmp.message.RtmpMessage;
import io.streaminglab.rtmp.message.RtmpProtocolException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reassembles RTMP messages from the chunk stream (RTMP specification 1.0, section 5.3).
 *
 * <p>Handles the four chunk header formats, one- to three-byte basic headers, extended
 * timestamps (also on type-3 chunks, whether or not the peer repeats them on continuation
 * chunks), interleaved messages on several chunk streams, and two protocol control messages
 * that change how the following bytes are read: Set Chunk Size and Abort. Both are applied here
 * and still passed on.
 *
 * <p>Input is hostile: a chunk size outside 1 to {@value ProtocolControl#MAX_CHUNK_SIZE}, a
 * message longer than the limit, too many chunk streams, too many pending bytes or a header that
 * refers to state it never set raise an {@link RtmpProtocolException}; after that the decoder
 * discards whatever else arrives, and the connection handler is expected to close the channel.
 * Message buffers grow with the bytes actually received, never with a declared length.
 */
public final class ChunkDecoder extends ByteToMessageDecoder {
  private static final int DEFAULT_CHUNK_SIZE = 128;

  /** Chunk stream ids a one-byte basic header can name, which is all most peers use. */
  private static final int ONE_BYTE_IDS = 64;

  private final ChunkDecoderLimits limits;
  // Looked up for every chunk: an array for the ids of one-byte headers, no boxing or hashing.
  private final ChunkStreamState[] oneByteStreams = new ChunkStreamState[ONE_BYTE_IDS];
  private final Map<Integer, ChunkStreamState> otherStreams = new HashMap<>();
  private int streamCount;
  private int chunkSize = DEFAULT_CHUNK_SIZE;
  private long bytesReceived;
  private int pendingBytes;
  private boolean failed;

  /** The chunk stream whose chunk data is being read, or null while between chunks. */
  private ChunkStreamState current;
  private int remainingInChunk;

  public ChunkDecoder(ChunkDecoderLimits limits) {
    this.limits = java.util.Objects.requireNonNull(limits, "limits == null");
  }

  public ChunkDecoder() {
    this(ChunkDecoderLimits.DEFAULT);
  }

  /** Bytes read from the peer so far, for acknowledgements. */
  public long bytesReceived() {
    return bytesReceived;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      bytesReceived += in.readableBytes();
      in.skipBytes(in.readableBytes());
      return;
    }
    try {
      while (in.isReadable()) {
        if (current == null) {
          int before = in.readerIndex();
          if (!readChunkHeader(in)) {
            return;
          }
          bytesReceived += in.readerIndex() - before;
        }
        int n = Math.min(remainingInChunk, in.readableBytes());
        ChunkStreamState state = current;
        state.append(in, n);
        pendingBytes += n;
        bytesReceived += n;
        if (pendingBytes > limits.maxPendingBytes()) {
          throw new RtmpProtocolException("peer holds more than " + limits.maxPendingBytes()
              + " bytes in unfinished messages");
        }
        remainingInChunk -= n;
        if (remainingInChunk > 0) {
          return;
        }
        current = null;
        if (state.isComplete()) {
          pendingBytes -= state.filled();
          RtmpMessage message = state.takeMessage();
          applyControl(message);
          out.add(message);
        }
      }
    } catch (RtmpProtocolException e) {
      failed = true;
      bytesReceived += in.readableBytes();
      in.skipBytes(in.readableBytes());
      throw e;
    }
  }

  /** Reads one chunk header if all of it is here; otherwise leaves {@code in} as it was. */
  private boolean readChunkHeader(ByteBuf in) {
    int start = in.readerIndex();
    int first = in.readUnsignedByte();
    int fmt = first >>> 6;
    int csid = first & 0x3F;
    if (csid == 0) {
      if (!in.isReadable()) {
        in.readerIndex(start);
        return false;
      }
      csid = 64 + in.readUnsignedByte();
    } else if (csid == 1) {
      if (in.readableBytes() < 2) {
        in.readerIndex(start);
        return false;
      }
      csid = 64 + in.readUnsignedByte() + (in.readUnsignedByte() << 8);
    }
    int headerLength = fmt == 0 ? 11 : fmt == 1 ? 7 : fmt == 2 ? 3 : 0;
    if (in.readableBytes() < headerLength) {
      in.readerIndex(start);
      return false;
    }
    ChunkStreamState state = stream(csid);
    boolean created = state == null;
    if (created) {
      if (fmt != 0) {
        throw new RtmpProtocolException("chunk stream " + csid + " starts with a type-" + fmt
            + " header, which refers to a previous message it never had");
      }
      if (streamCount >= limits.maxChunkStreams()) {
        throw new RtmpProtocolException("peer opened more than " + limits.maxChunkStreams()
            + " chunk streams");
      }
      state = new ChunkStreamState(csid);
    }

    long timestampField = 0;
    int length = state.messageLength;
    int typeId = state.typeId;
    int streamId = state.streamId;
    if (fmt <= 2) {
      timestampField = in.readUnsignedMedium();
    }
    if (fmt <= 1) {
      length = in.readUnsignedMedium();
      typeId = in.readUnsignedByte();
    }
    if (fmt == 0) {
      streamId = in.readIntLE();
    }
    boolean extended;
    if (fmt <= 2) {
      extended = timestampField == 0xFFFFFF;
      if (extended) {
        if (in.readableBytes() < 4) {
          in.readerIndex(start);
          return false;
        }
        timestampField = in.readUnsignedInt();
      }
    } else {
      extended = state.extended;
      if (extended) {
        if (in.readableBytes() < 4) {
          in.readerIndex(start);
          return false;
        }
        // Continuation chunks repeat the extended timestamp for some peers (ffmpeg, FMS) and
        // not for others (old librtmp); a repeat is recognised by its value.
        boolean newMessage = !state.inProgress();
        if (newMessage || in.getUnsignedInt(in.readerIndex()) == state.timestampField) {
          long value = in.readUnsignedInt();
          if (newMessage) {
            timestampField = value;
          }
        }
      }
    }

    if (!state.inProgress()) {
      if (length > limits.maxMessageLength()) {
        throw new RtmpProtocolException("message of " + length + " bytes on chunk stream " + csid
            + " exceeds the limit of " + limits.maxMessageLength() + " bytes");
      }
      long timestamp;
      if (fmt == 0) {
        timestamp = timestampField;
        state.timestampField = timestampField;
      } else if (fmt == 3) {
        // A type-3 chunk that starts a message repeats the previous delta (section 5.3.1.2.4).
        timestamp = state.timestamp + state.timestampField;
      } else {
        timestamp = state.timestamp + timestampField;
        state.timestampField = timestampField;
      }
      state.begin(timestamp & 0xFFFFFFFFL, length, typeId, streamId, extended);
    } else if (fmt != 3) {
      // A new header in the middle of a message: the peer abandoned it without an Abort.
      throw new RtmpProtocolException("type-" + fmt + " header on chunk stream " + csid
          + " in the middle of a message");
    }
    if (created) {
      if (csid < ONE_BYTE_IDS) {
        oneByteStreams[csid] = state;
      } else {
        otherStreams.put(csid, state);
      }
      streamCount++;
    }
    current = state;
    remainingInChunk = Math.min(chunkSize, state.messageLength - state.filled());
    return true;
  }

  /** The state of chunk stream {@code csid} (not negative), or null if it never started. */
  private ChunkStreamState stream(int csid) {
    return csid < ONE_BYTE_IDS ? oneByteStreams[csid] : otherStreams.get(csid);
  }

  private void applyControl(RtmpMessage message) {
    if (message.chunkStreamId() != 2 && message.streamId() != 0) {
      return;
    }
    if (message.typeId() == MessageType.SET_CHUNK_SIZE) {
      long size = ProtocolControl.readUint32(message);
      if (size < 1 || size > ProtocolControl.MAX_CHUNK_SIZE) {
        throw new RtmpProtocolException("peer set a chunk size of " + size
            + ", outside 1 to " + ProtocolControl.MAX_CHUNK_SIZE);
      }
      chunkSize = (int) size;
    } else if (message.typeId() == MessageType.ABORT) {
      long csid = ProtocolControl.readUint32(message);
      ChunkStreamState state = csid <= Integer.MAX_VALUE ? stream((int) csid) : null;
      if (state != null && state.inProgress()) {
        pendingBytes -= state.filled();
        state.abort();
      }
    }
  }

  /** What one chunk stream remembers between chunks: the last header and the message so far. */
  private static final class ChunkStreamState {
    private final int csid;
    long timestamp;
    long timestampField;
    int messageLength;
    int typeId;
    int streamId;
    boolean extended;
    private byte[] buffer;
    private int filled;
    private boolean inProgress;

    ChunkStreamState(int csid) {
      this.csid = csid;
    }

    boolean inProgress() {
      return inProgress;
    }

    int filled() {
      return filled;
    }

    void begin(long timestamp, int length, int typeId, int streamId, boolean extended) {
      this.timestamp = timestamp;
      this.messageLength = length;
      this.typeId = typeId;
      this.streamId = streamId;
      this.extended = extended;
      this.filled = 0;
      this.inProgress = true;
      this.buffer = new byte[Math.min(length, 64 * 1024)];
    }

    void append(ByteBuf in, int n) {
      int needed = filled + n;
      if (needed > buffer.length) {
        buffer = Arrays.copyOf(buffer, Math.min(messageLength, Math.max(needed, buffer.length * 2)));
      }
      in.readBytes(buffer, filled, n);
      filled = needed;
    }

    boolean isComplete() {
      return filled == messageLength;
    }

    RtmpMessage takeMessage() {
      byte[] payload = buffer.length == filled ? buffer : Arrays.copyOf(buffer, filled);
      RtmpMessage message = new RtmpMessage(csid, typeId, timestamp, streamId, payload);
      buffer = null;
      inProgress = false;
      filled = 0;
      return message;
    }

    void abort() {
      buffer = null;
      inProgress = false;
      filled = 0;
    }
  }
}
