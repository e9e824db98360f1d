package io.streaminglab.mpegts;

import io.streaminglab.media.flv.AacAudioSpecificConfig;
import io.streaminglab.media.flv.AvcDecoderConfigurationRecord;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

/** Synthetic H.264 and AAC inputs for unit tests. */
final class Fixtures {
  static final byte[] SPS = {0x67, 0x42, (byte) 0xC0, 0x1E, (byte) 0xDA, 0x02, (byte) 0x80};
  static final byte[] PPS = {0x68, (byte) 0xCE, 0x3C, (byte) 0x80};
  static final AvcDecoderConfigurationRecord AVC =
      new AvcDecoderConfigurationRecord(1, 66, 0xC0, 30, 4, List.of(SPS), List.of(PPS));
  /** AAC-LC, 44.1 kHz, stereo. */
  static final AacAudioSpecificConfig AAC = new AacAudioSpecificConfig(2, 4, 44_100, 2, 0);
  static final TsStreams BOTH = TsStreams.of(AVC, AAC);
  /** One 44.1 kHz AAC frame in 90 kHz ticks, rounded down. */
  static final long AAC_FRAME_90K = 1024L * 90_000 / 44_100;
  static final long VIDEO_FRAME_90K = 3_600;

  private Fixtures() {}

  /** NAL units with four-byte length prefixes. */
  static byte[] avcc(byte[]... nalUnits) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] nal : nalUnits) {
      out.write(nal.length >>> 24);
      out.write(nal.length >>> 16);
      out.write(nal.length >>> 8);
      out.write(nal.length);
      out.writeBytes(nal);
    }
    return out.toByteArray();
  }

  /** A NAL unit of {@code size} bytes with the given header byte and a recognisable body. */
  static byte[] nal(int header, int size, int seed) {
    byte[] nal = new byte[size];
    nal[0] = (byte) header;
    for (int i = 1; i < size; i++) {
      // Never two zero bytes in a row, as in a real escaped NAL unit.
      nal[i] = (byte) (1 + (seed * 31 + i) % 250);
    }
    return nal;
  }

  static byte[] idr(int size, int seed) {
    return avcc(nal(0x65, size, seed));
  }

  static byte[] inter(int size, int seed) {
    return avcc(nal(0x41, size, seed));
  }

  static byte[] aacFrame(int size, int seed) {
    byte[] frame = new byte[size];
    Arrays.fill(frame, (byte) (0x21 + seed % 50));
    return frame;
  }

  /**
   * A typical two-second segment from {@code start90k}: 50 video frames (a keyframe, then
   * inter frames of varied sizes, PTS one frame after DTS) interleaved with 44.1 kHz audio.
   */
  static byte[] typicalSegment(long start90k, int seed) {
    TsSegmentWriter writer = new TsSegmentWriter(BOTH);
    writeTypical(writer, start90k, seed);
    return writer.finish();
  }

  static void writeTypical(TsSegmentWriter writer, long start90k, int seed) {
    long nextAudio = start90k;
    int audioIndex = 0;
    for (int frame = 0; frame < 50; frame++) {
      long dts = start90k + frame * VIDEO_FRAME_90K;
      while (nextAudio <= dts) {
        int size = 180 + (audioIndex * 7 + seed) % 200;
        writer.writeAudio(nextAudio, aacFrame(size, audioIndex), 0, size);
        audioIndex++;
        nextAudio = start90k + audioIndex * 1024L * 90_000 / 44_100;
      }
      byte[] au = frame == 0
          ? idr(9_000 + seed, seed)
          : inter(300 + (frame * 97 + seed) % 2500, frame);
      writer.writeVideo(dts, dts + VIDEO_FRAME_90K, frame == 0, au, 0, au.length);
    }
  }
}
