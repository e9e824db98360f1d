package io.streaminglab.ingest.hub;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The audio and video frames of one stream since its last video keyframe, kept for readers that
 * join, bounded in bytes. Not thread-safe: its {@link LiveStream} holds its lock around it, and
 * calls {@link #clear()} when a session ends, which frees what the cache holds off the heap.
 *
 * <p>Why it copies, and off the heap. A frame lives exactly as long as its GOP, about two
 * seconds: long enough for a generational collector to copy each one out of the young
 * generation, and, at 80 streams, to fill and collect the old one about once a second (the
 * ingest's profile in docs/benchmarks.md). So the cache keeps no frame: it copies each body
 * into fixed-size chunks it owns and reuses from one GOP to the next, and each frame's header
 * into parallel arrays. The chunks are direct buffers, outside the Java heap, freed the moment
 * the cache lets them go: the heap then holds only frames on their way, and a small heap stays
 * small however many streams are cached (a heap that held the GOPs would also keep free room in
 * proportion to them). In steady state frames die young and the collector has nothing to copy.
 * A reader that joins gets fresh copies, one array per frame, which costs a memory copy of one
 * GOP per join.
 *
 * <p>The limit counts each frame's body and {@value #FRAME_OVERHEAD_BYTES} bytes for its header,
 * so that a publisher of tiny frames is bounded too. Chunks and header slots beyond what the GOP
 * just ended used are let go at the next keyframe, so a burst (one large GOP) is held for one
 * GOP and not for the rest of the session.
 */
final class GopCache {
  /** Chunk size: a few frames at 3 Mbit/s, a tenth of a GOP; a frame may span chunks. */
  static final int CHUNK_BYTES = 64 * 1024;
  /** What a frame's header takes in the parallel arrays, rounded up. */
  static final int FRAME_OVERHEAD_BYTES = 32;
  private static final int INITIAL_FRAMES = 64;

  private final int limitBytes;
  private final ByteBufAllocator allocator;
  private final List<ByteBuf> chunks = new ArrayList<>();
  private boolean valid;
  /** Body bytes of the cached GOP: where the next body goes in the chunks. */
  private int bytes;
  private int count;
  private MediaFrame.Kind[] kinds = new MediaFrame.Kind[INITIAL_FRAMES];
  private long[] timestamps = new long[INITIAL_FRAMES];
  private long[] rtmpTimestamps = new long[INITIAL_FRAMES];
  private int[] compositionOffsets = new int[INITIAL_FRAMES];
  private boolean[] keyframes = new boolean[INITIAL_FRAMES];
  private int[] sizes = new int[INITIAL_FRAMES];

  /** @param limitBytes the most bytes one GOP may take; a larger GOP is not kept */
  GopCache(int limitBytes) {
    this(limitBytes, UnpooledByteBufAllocator.DEFAULT);
  }

  /**
   * @param limitBytes the most bytes one GOP may take; a larger GOP is not kept
   * @param allocator where the chunks come from, direct buffers of {@value #CHUNK_BYTES} bytes
   */
  GopCache(int limitBytes, ByteBufAllocator allocator) {
    if (limitBytes < 0) {
      throw new IllegalArgumentException("limitBytes < 0: " + limitBytes);
    }
    this.limitBytes = limitBytes;
    this.allocator = allocator;
  }

  /**
   * Offers an audio or video frame that is not a sequence header: a keyframe starts a new GOP,
   * any other frame joins the current one, if there is one and it stays within the limit.
   */
  void offer(MediaFrame frame) {
    if (frame.kind() == MediaFrame.Kind.VIDEO && frame.keyframe()) {
      startGop();
    }
    if (!valid) {
      return;
    }
    if (chargedBytes() + frame.size() + FRAME_OVERHEAD_BYTES > limitBytes) {
      // Replaying part of a GOP would start a reader on frames it cannot decode.
      drop();
      return;
    }
    append(frame);
  }

  /** Hands a copy of every cached frame, in order, to {@code reader}; none when there is no GOP. */
  void replay(Consumer<MediaFrame> reader) {
    if (!valid) {
      return;
    }
    int position = 0;
    for (int i = 0; i < count; i++) {
      byte[] body = new byte[sizes[i]];
      copyOut(position, body);
      position += body.length;
      reader.accept(new MediaFrame(kinds[i], timestamps[i], rtmpTimestamps[i],
          compositionOffsets[i], keyframes[i], false, body));
    }
  }

  /** Forgets the GOP and frees every chunk: the session ended. */
  void clear() {
    drop();
    while (!chunks.isEmpty()) {
      chunks.remove(chunks.size() - 1).release();
    }
  }

  /** Whether a GOP is cached (a joining reader would get frames). */
  boolean holdsGop() {
    return valid;
  }

  /** What the cached GOP counts against the limit: its bodies and its frames' headers. */
  long chargedBytes() {
    return bytes + (long) count * FRAME_OVERHEAD_BYTES;
  }

  /** Bytes held in chunks, used or kept for the next GOP. */
  long retainedBytes() {
    return (long) chunks.size() * CHUNK_BYTES;
  }

  private void startGop() {
    // Keep what the GOP that ends needed, and let the rest go.
    int used = (bytes + CHUNK_BYTES - 1) / CHUNK_BYTES;
    while (chunks.size() > Math.max(used, 1)) {
      chunks.remove(chunks.size() - 1).release();
    }
    if (sizes.length > Math.max(INITIAL_FRAMES, 4 * count)) {
      resize(Math.max(INITIAL_FRAMES, 2 * count));
    }
    drop();
    valid = true;
  }

  private void drop() {
    valid = false;
    bytes = 0;
    count = 0;
  }

  private void append(MediaFrame frame) {
    if (count == sizes.length) {
      resize(2 * count);
    }
    kinds[count] = frame.kind();
    timestamps[count] = frame.timestamp();
    rtmpTimestamps[count] = frame.rtmpTimestamp();
    compositionOffsets[count] = frame.compositionOffset();
    keyframes[count] = frame.keyframe();
    sizes[count] = frame.size();
    count++;
    copyIn(frame.body());
  }

  private void copyIn(byte[] body) {
    int position = bytes;
    int done = 0;
    while (done < body.length) {
      int chunk = position / CHUNK_BYTES;
      int offset = position % CHUNK_BYTES;
      if (chunk == chunks.size()) {
        chunks.add(allocator.directBuffer(CHUNK_BYTES, CHUNK_BYTES));
      }
      int n = Math.min(body.length - done, CHUNK_BYTES - offset);
      chunks.get(chunk).setBytes(offset, body, done, n);
      done += n;
      position += n;
    }
    bytes = position;
  }

  private void copyOut(int position, byte[] body) {
    int done = 0;
    while (done < body.length) {
      int offset = position % CHUNK_BYTES;
      int n = Math.min(body.length - done, CHUNK_BYTES - offset);
      chunks.get(position / CHUNK_BYTES).getBytes(offset, body, done, n);
      done += n;
      position += n;
    }
  }

  private void resize(int capacity) {
    kinds = Arrays.copyOf(kinds, capacity);
    timestamps = Arrays.copyOf(timestamps, capacity);
    rtmpTimestamps = Arrays.copyOf(rtmpTimestamps, capacity);
    compositionOffsets = Arrays.copyOf(compositionOffsets, capacity);
    keyframes = Arrays.copyOf(keyframes, capacity);
    sizes = Arrays.copyOf(sizes, capacity);
  }
}
