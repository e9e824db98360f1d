package io.streaminglab.packager;

import io.streaminglab.fmp4.Fmp4FragmentWriter;
import io.streaminglab.fmp4.Fmp4Tracks;
import io.streaminglab.mpegts.TsSegmentWriter;
import io.streaminglab.mpegts.TsStreams;

/**
 * Writes one segment in the packager's format from frames timed in 90 kHz units: MPEG-TS or a
 * fragmented MP4 movie fragment. One muxer per segment.
 */
interface SegmentMuxer {
  /** One H.264 access unit as FLV carries it (length-prefixed NAL units). */
  void writeVideo(long dts90k, long pts90k, boolean keyframe, byte[] data, int offset,
      int length);

  /** One raw AAC frame. */
  void writeAudio(long pts90k, byte[] data, int offset, int length);

  /**
   * The segment's bytes.
   *
   * @param sequence its media sequence number
   * @param endDts90k the decode time of the frame after it, where its last frame ends
   */
  byte[] finish(long sequence, long endDts90k);

  /** MPEG-TS, whose packets carry their own timing: the end is not needed. */
  static SegmentMuxer ts(TsStreams streams) {
    TsSegmentWriter writer = new TsSegmentWriter(streams);
    return new SegmentMuxer() {
      @Override
      public void writeVideo(long dts90k, long pts90k, boolean keyframe, byte[] data,
          int offset, int length) {
        writer.writeVideo(dts90k, pts90k, keyframe, data, offset, length);
      }

      @Override
      public void writeAudio(long pts90k, byte[] data, int offset, int length) {
        writer.writeAudio(pts90k, data, offset, length);
      }

      @Override
      public byte[] finish(long sequence, long endDts90k) {
        return writer.finish();
      }
    };
  }

  /** A movie fragment numbered by the segment's sequence number (mod 2^32, as mfhd holds). */
  static SegmentMuxer fmp4(Fmp4Tracks tracks) {
    Fmp4FragmentWriter writer = new Fmp4FragmentWriter(tracks);
    return new SegmentMuxer() {
      @Override
      public void writeVideo(long dts90k, long pts90k, boolean keyframe, byte[] data,
          int offset, int length) {
        writer.writeVideo(dts90k, pts90k, keyframe, data, offset, length);
      }

      @Override
      public void writeAudio(long pts90k, byte[] data, int offset, int length) {
        writer.writeAudio(pts90k, data, offset, length);
      }

      @Override
      public byte[] finish(long sequence, long endDts90k) {
        return writer.finish(sequence & 0xFFFFFFFFL, endDts90k);
      }
    };
  }
}
