package io.streaminglab.rtmp.chunk;

/**
 * The bounds a {@link ChunkDecoder} holds a peer to, so that no input can make it allocate
 * without limit.
 *
 * @param maxMessageLength the largest message accepted, in bytes
 * @param maxChunkStreams how many chunk stream ids one connection may use
 * @param maxPendingBytes how many bytes of partly received messages one connection may hold
 */
public record ChunkDecoderLimits(int maxMessageLength, int maxChunkStreams, int maxPendingBytes) {
  /** Four MiB a message: a 4K keyframe fits; a 4 GB length field does not. */
  public static final ChunkDecoderLimits DEFAULT = new ChunkDecoderLimits(4 << 20, 64, 8 << 20);

  public ChunkDecoderLimits {
    if (maxMessageLength < 1024) {
      throw new IllegalArgumentException("maxMessageLength < 1024: " + maxMessageLength);
    }
    if (maxChunkStreams < 4) {
      throw new IllegalArgumentException("maxChunkStreams < 4: " + maxChunkStreams);
    }
    if (maxPendingBytes < maxMessageLength) {
      throw new IllegalArgumentException("maxPendingBytes < maxMessageLength: " + maxPendingBytes);
    }
  }

  public ChunkDecoderLimits withMaxMessageLength(int length) {
    return new ChunkDecoderLimits(length, maxChunkStreams, Math.max(maxPendingBytes, 2 * length));
  }
}
