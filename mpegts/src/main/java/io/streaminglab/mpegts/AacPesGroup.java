package io.streaminglab.mpegts;

import io.streaminglab.media.flv.AacAudioSpecificConfig;
import java.io.ByteArrayOutputStream;

/**
 * Consecutive AAC frames gathered into one audio PES, each behind its ADTS header, to save
 * the PES and packet overhead of one PES per 23 ms frame (ffmpeg groups audio likewise).
 *
 * <p>Grouping depends only on the frames: a frame joins the open group when
 *
 * <ol>
 *   <li>its PTS is where the group's first PTS and frame count put it, within half a frame
 *       (so a gap or an overlap, which a PES's single PTS could not express, starts a group);
 *   <li>the group, this frame included, lasts at most {@link #MAX_DURATION_90K} (100 ms, which
 *       also keeps PCRs on an audio-only PID within the 100 ms the standard asks);
 *   <li>and the PES payload stays within what PES_packet_length can declare.
 * </ol>
 *
 * A frame lasts 1024 samples at the core sampling frequency.
 */
final class AacPesGroup {
  /** The longest a group may last, in 90 kHz ticks. */
  static final long MAX_DURATION_90K = 9_000;
  private static final long SAMPLES_PER_FRAME = 1024;
  private static final int ADTS_HEADER_SIZE = 7;

  private final AacAudioSpecificConfig config;
  private final long firstPts;
  private final ByteArrayOutputStream frames = new ByteArrayOutputStream();
  private int frameCount;

  /**
   * A group that starts with the frame of {@code length} bytes at {@code offset}.
   *
   * @throws IllegalArgumentException when the frame is too long for ADTS
   */
  AacPesGroup(AacAudioSpecificConfig config, long firstPts, byte[] aac, int offset, int length) {
    this.config = config;
    this.firstPts = firstPts;
    add(aac, offset, length);
  }

  /** True when a frame of {@code length} bytes with PTS {@code pts} may join this group. */
  boolean accepts(long pts, int length) {
    long rate = config.samplingFrequency();
    long expected = firstPts + frameCount * SAMPLES_PER_FRAME * 90_000 / rate;
    long halfFrame = SAMPLES_PER_FRAME * 90_000 / (2 * rate);
    boolean onTime = Math.abs(pts - expected) <= halfFrame;
    boolean shortEnough =
        (frameCount + 1) * SAMPLES_PER_FRAME * 90_000 <= MAX_DURATION_90K * rate;
    boolean fits = frames.size() + ADTS_HEADER_SIZE + length
        <= PesHeader.MAX_BOUNDED_PAYLOAD_WITH_PTS;
    return onTime && shortEnough && fits;
  }

  /**
   * Adds one raw AAC frame behind its ADTS header.
   *
   * @throws IllegalArgumentException when the frame is too long for ADTS
   */
  void add(byte[] aac, int offset, int length) {
    byte[] adts = config.adtsHeader(length);
    frames.write(adts, 0, adts.length);
    frames.write(aac, offset, length);
    frameCount++;
  }

  /** The group as a PES on {@code pid}, carrying a PCR from its PTS when asked. */
  PesUnit toPes(int pid, boolean carriesPcr) {
    byte[] payload = frames.toByteArray();
    byte[] header = PesHeader.of(PesHeader.STREAM_ID_AUDIO, firstPts, firstPts, payload.length);
    long pcr = carriesPcr ? MpegClock.pcrFor(firstPts) : AdaptationField.NO_PCR;
    // Every AAC frame is a random access point.
    return new PesUnit(pid, header, payload, pcr, true);
  }
}
