package io.streaminglab.fmp4;

import java.util.Arrays;
import java.util.Objects;

/**
 * Writes one movie fragment of a fragmented MP4 stream: a {@code moof} with a {@code traf} per
 * track that has samples ({@code tfhd} with default-base-is-moof, {@code tfdt} with the first
 * sample's decode time, {@code trun} with each sample's duration, size, flags and composition
 * offset), then one {@code mdat} with the video samples followed by the audio ones. An HLS
 * media segment is one fragment, or, for low-latency parts, several written one after another.
 *
 * <p>Times come in 90 kHz units, as for MPEG-TS but not wrapped at 33 bits. Video keeps them
 * (its timescale is 90 kHz); audio is converted to its sampling frequency, each AAC frame lasting
 * 1024 samples. A video sample lasts until the next one; the last lasts until the end the
 * caller gives, normally the next fragment's first frame. The bytes depend on the samples, the
 * end and the sequence number alone, so two packagers fed the same frames write the same
 * fragment. Not thread-safe; one writer per fragment.
 */
public final class Fmp4FragmentWriter {
  /** Sample depends on others, is not a sync sample (ISO/IEC 14496-12, 8.8.3.1). */
  static final int FLAGS_DEPENDENT = 0x01010000;
  /** Sample depends on no other: a keyframe, or any audio frame. */
  static final int FLAGS_SYNC = 0x02000000;
  private static final int AAC_FRAME_SAMPLES = 1024;
  /** Data offset, then per sample: duration, size, flags, composition time offset. */
  private static final int TRUN_VIDEO_FLAGS = 0x000001 | 0x000100 | 0x000200 | 0x000400 | 0x000800;
  /** Data offset, then per sample: duration, size, flags. */
  private static final int TRUN_AUDIO_FLAGS = 0x000001 | 0x000100 | 0x000200 | 0x000400;
  private static final int TFHD_DEFAULT_BASE_IS_MOOF = 0x020000;
  /** The most sample bytes one fragment takes: far above a segment of any live bitrate. */
  static final int MAX_FRAGMENT_BYTES = 256 << 20;

  private final Fmp4Tracks tracks;
  private final Samples video = new Samples();
  private final Samples audio = new Samples();
  private boolean finished;

  public Fmp4FragmentWriter(Fmp4Tracks tracks) {
    this.tracks = Objects.requireNonNull(tracks, "tracks == null");
  }

  /**
   * Adds one H.264 access unit as it comes in FLV and RTMP: NAL units each prefixed by its
   * length in the configuration's NAL length size, which is also MP4's sample format.
   *
   * @param dts90k the decode time, in 90 kHz units
   * @param pts90k the presentation time, in 90 kHz units, not before {@code dts90k}
   */
  public void writeVideo(long dts90k, long pts90k, boolean keyframe, byte[] data, int offset,
      int length) {
    checkWritable();
    if (!tracks.hasVideo()) {
      throw new IllegalStateException("the stream has no video track");
    }
    long offsetTime = pts90k - dts90k;
    if (offsetTime < Integer.MIN_VALUE || offsetTime > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("composition offset out of range: " + offsetTime);
    }
    video.add(dts90k, (int) offsetTime, keyframe ? FLAGS_SYNC : FLAGS_DEPENDENT, data, offset,
        length);
  }

  /**
   * Adds one raw AAC frame (no ADTS header).
   *
   * @param pts90k its presentation time, in 90 kHz units
   */
  public void writeAudio(long pts90k, byte[] aac, int offset, int length) {
    checkWritable();
    if (!tracks.hasAudio()) {
      throw new IllegalStateException("the stream has no audio track");
    }
    audio.add(toAudioTime(pts90k), 0, FLAGS_SYNC, aac, offset, length);
  }

  /**
   * The fragment: {@code moof} then {@code mdat}.
   *
   * @param sequenceNumber the fragment's number in the stream, which {@code mfhd} carries; it
   *     must grow from one fragment to the next
   * @param endDts90k where the last video sample ends, in 90 kHz units: the decode time of the
   *     frame after it; an end not after the last sample repeats the sample before's duration
   */
  public byte[] finish(long sequenceNumber, long endDts90k) {
    checkWritable();
    if (sequenceNumber < 0 || sequenceNumber > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("sequence number must fit 32 bits: " + sequenceNumber);
    }
    finished = true;
    BoxWriter out = new BoxWriter(128 + 16 * (video.count + audio.count) + video.length
        + audio.length);
    int moof = out.open("moof");
    int mfhd = out.openFull("mfhd", 0, 0);
    out.u32(sequenceNumber);
    out.close(mfhd);
    int videoOffsetField = -1;
    int audioOffsetField = -1;
    if (video.count > 0) {
      videoOffsetField = trackFragment(out, Fmp4Tracks.VIDEO_TRACK_ID, video, true,
          video.durations(endDts90k));
    }
    if (audio.count > 0) {
      audioOffsetField = trackFragment(out, Fmp4Tracks.AUDIO_TRACK_ID, audio, false,
          audio.constantDurations(AAC_FRAME_SAMPLES));
    }
    out.close(moof);
    int mdatHeader = 8;
    int moofLength = out.position() - moof;
    if (videoOffsetField >= 0) {
      out.putU32(videoOffsetField, moofLength + mdatHeader);
    }
    if (audioOffsetField >= 0) {
      out.putU32(audioOffsetField, moofLength + mdatHeader + video.length);
    }
    int mdat = out.open("mdat");
    out.bytes(video.data, 0, video.length);
    out.bytes(audio.data, 0, audio.length);
    out.close(mdat);
    return out.toByteArray();
  }

  /** Writes a {@code traf}; returns where its {@code trun}'s data offset is to be filled in. */
  private static int trackFragment(BoxWriter out, int trackId, Samples samples, boolean video,
      long[] durations) {
    int traf = out.open("traf");
    int tfhd = out.openFull("tfhd", 0, TFHD_DEFAULT_BASE_IS_MOOF);
    out.u32(trackId);
    out.close(tfhd);
    int tfdt = out.openFull("tfdt", 1, 0);
    out.u64(samples.times[0]);
    out.close(tfdt);
    // Version 1: composition offsets are signed.
    int trun = out.openFull("trun", 1, video ? TRUN_VIDEO_FLAGS : TRUN_AUDIO_FLAGS);
    out.u32(samples.count);
    int dataOffset = out.position();
    out.u32(0);
    for (int i = 0; i < samples.count; i++) {
      out.u32(durations[i]);
      out.u32(samples.sizes[i]);
      out.u32(samples.flags[i] & 0xFFFFFFFFL);
      if (video) {
        out.u32(samples.offsets[i] & 0xFFFFFFFFL);
      }
    }
    out.close(trun);
    out.close(traf);
    return dataOffset;
  }

  /** 90 kHz to the audio timescale, without overflow for times since the epoch. */
  private long toAudioTime(long pts90k) {
    long rate = tracks.audioTimescale();
    long seconds = Math.floorDiv(pts90k, Fmp4Tracks.VIDEO_TIMESCALE);
    long rest = Math.floorMod(pts90k, Fmp4Tracks.VIDEO_TIMESCALE);
    return seconds * rate + rest * rate / Fmp4Tracks.VIDEO_TIMESCALE;
  }

  private void checkWritable() {
    if (finished) {
      throw new IllegalStateException("the fragment is finished");
    }
  }

  /** One track's samples: times in its timescale, and their bytes back to back. */
  private static final class Samples {
    long[] times = new long[64];
    int[] offsets = new int[64];
    int[] flags = new int[64];
    int[] sizes = new int[64];
    int count;
    byte[] data = new byte[64 * 1024];
    int length;

    void add(long time, int offset, int flag, byte[] bytes, int from, int size) {
      Objects.checkFromIndexSize(from, size, bytes.length);
      if (size > MAX_FRAGMENT_BYTES - length) {
        throw new IllegalStateException("a fragment holds at most " + MAX_FRAGMENT_BYTES
            + " bytes of samples; finish it and start the next");
      }
      if (count == times.length) {
        times = Arrays.copyOf(times, 2 * count);
        offsets = Arrays.copyOf(offsets, 2 * count);
        flags = Arrays.copyOf(flags, 2 * count);
        sizes = Arrays.copyOf(sizes, 2 * count);
      }
      if (length + size > data.length) {
        data = Arrays.copyOf(data, Math.max(2 * data.length, length + size));
      }
      times[count] = time;
      offsets[count] = offset;
      flags[count] = flag;
      sizes[count] = size;
      count++;
      System.arraycopy(bytes, from, data, length, size);
      length += size;
    }

    /**
     * Each sample until the next; the last until {@code end}. A time that goes backwards (a
     * publisher's fault) gives a duration of 0 rather than a negative one.
     */
    long[] durations(long end) {
      long[] durations = new long[count];
      for (int i = 0; i + 1 < count; i++) {
        durations[i] = fitted(times[i + 1] - times[i]);
      }
      long last = end - times[count - 1];
      if (last <= 0) {
        last = count > 1 ? durations[count - 2] : 0;
      }
      durations[count - 1] = fitted(last);
      return durations;
    }

    /** A duration as trun's unsigned 32 bits can hold it. */
    private static long fitted(long duration) {
      return Math.min(Math.max(0, duration), 0xFFFFFFFFL);
    }

    long[] constantDurations(long duration) {
      long[] durations = new long[count];
      Arrays.fill(durations, duration);
      return durations;
    }
  }
}
