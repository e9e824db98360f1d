package io.streaminglab.mpegts;

import io.streaminglab.media.flv.AacAudioSpecificConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes one HLS media segment as an MPEG-TS byte array whose bytes are a function of the
 * frames given to it alone: the same frames in the same order give the same bytes, whatever
 * any writer wrote before. Two packagers fed the same stream therefore write byte-identical
 * segments, which is what lets a player fetch any segment from either origin.
 *
 * <p>Lifecycle:
 *
 * <ol>
 *   <li>Create a writer for the segment's {@link TsStreams}.
 *   <li>Give it the segment's frames in stream order with {@link #writeVideo} and {@link
 *       #writeAudio}. The first video access unit must be a keyframe; in an audio-only stream
 *       the first audio frame starts the segment.
 *   <li>Call {@link #finish()} once for the bytes. The writer is then spent; use a new one for
 *       the next segment.
 * </ol>
 *
 * <p>Layout. The segment starts with one PAT and one PMT (program 1, PMT on PID 0x1000, H.264
 * on PID 0x100 as stream_type 0x1B, AAC on PID 0x101 as stream_type 0x0F, PCR on the video PID
 * when there is video, else on the audio PID). Each access unit becomes one video PES (Annex B
 * with an access unit delimiter, SPS and PPS before IDR pictures, PES_packet_length 0); AAC
 * frames get ADTS headers and are grouped, up to 100 ms, into audio PES packets placed where
 * their first frame was written. The first packet of every PES on the PCR PID carries a PCR
 * 0.1 s before that PES's DTS (its PTS for audio), in 27 MHz units; keyframes and audio PES
 * set random_access_indicator. Timestamps are written modulo 2<sup>33</sup>.
 *
 * <p>Continuity counters. They must be legal across segment boundaries, since players read
 * segments back to back, yet cannot depend on the previous segment. This writer starts every
 * PES PID at 0 in every segment and ends it at 15, so any segment continues any other: the
 * next one from the same packager, or one from the other origin after a failover. The other
 * way, discontinuity_indicator on each PID's first packet, was rejected because on the PCR PID
 * (video) that flag also announces a new time base, which players may answer with a clock
 * reset at every segment.
 *
 * <ul>
 *   <li>A PES PID's packet count is padded to a multiple of 16 by spreading its PES packets,
 *       the last first, over more packets, each still carrying at least one payload byte and
 *       filled with adaptation-field stuffing: at most 15 extra packets a PID, under 6 KB a
 *       segment and usually far less.
 *   <li>When the last PES is too small to take all the extra packets, earlier ones take the
 *       rest. Video always has room: the keyframe that opens a segment carries at least 21
 *       bytes with its SPS and PPS, and any larger PES has over a hundred to spare.
 *   <li>Audio can lack room only when a segment holds one or two AAC frames of a few bytes,
 *       and AAC has no filler a muxer could add without rewriting the frame. Its PID then
 *       starts at the counter that makes it end at 15, and its first packet sets
 *       discontinuity_indicator, which on a PID that is not the PCR PID means only that the
 *       counter may jump. (In an audio-only stream that PID is the PCR PID, where the flag
 *       also announces a new time base; the PCR it carries continues the old one, so a decoder
 *       that resets its clock there loses nothing.)
 *   <li>The PAT and PMT are one packet each at counter 0 with discontinuity_indicator set:
 *       legal on these PIDs, which never carry a PCR, honoured by ffmpeg's continuity check,
 *       and 30 packets a segment cheaper than padding them to 16 copies.
 * </ul>
 *
 * <p>Not thread-safe; a writer belongs to one segment.
 */
public final class TsSegmentWriter {
  static final int PAT_PID = 0x0000;
  static final int PMT_PID = 0x1000;
  static final int VIDEO_PID = 0x100;
  static final int AUDIO_PID = 0x101;
  static final int STREAM_TYPE_H264 = 0x1B;
  static final int STREAM_TYPE_AAC_ADTS = 0x0F;
  static final int TRANSPORT_STREAM_ID = 1;
  static final int PROGRAM_NUMBER = 1;

  private final TsStreams streams;
  /** PES packets in stream order; an open audio group's place holds null until it closes. */
  private final List<PesUnit> units = new ArrayList<>();
  private AacPesGroup audioGroup;
  private int audioGroupIndex = -1;
  private boolean videoStarted;
  private long lastVideoDts;
  private boolean spent;

  public TsSegmentWriter(TsStreams streams) {
    this.streams = Objects.requireNonNull(streams, "streams == null");
  }

  /**
   * One H.264 access unit given as AVCC (length-prefixed) NAL units, as in an FLV video tag
   * payload. The bytes are copied.
   *
   * @param dts90k decoding time in 90 kHz ticks; never below the previous access unit's
   * @param pts90k presentation time in 90 kHz ticks; never below {@code dts90k}
   * @param keyframe whether decoding can start here; the segment's first access unit must be
   * @throws IllegalStateException when the stream has no video, the writer is spent, or the
   *     segment's first access unit is not a keyframe
   * @throws IllegalArgumentException when the timestamps go backwards or the unit is empty
   * @throws IndexOutOfBoundsException when the range is not within {@code avcc}
   * @throws io.streaminglab.media.flv.FlvException when a NAL unit length runs past the end
   */
  public void writeVideo(
      long dts90k, long pts90k, boolean keyframe, byte[] avcc, int offset, int length) {
    checkWritable();
    if (!streams.hasVideo()) {
      throw new IllegalStateException("this segment has no video stream");
    }
    Objects.checkFromIndexSize(offset, length, Objects.requireNonNull(avcc, "avcc == null").length);
    if (!videoStarted && !keyframe) {
      throw new IllegalStateException(
          "the first video access unit of a segment must be a keyframe");
    }
    if (pts90k < dts90k) {
      throw new IllegalArgumentException("pts90k " + pts90k + " < dts90k " + dts90k);
    }
    if (videoStarted && dts90k < lastVideoDts) {
      throw new IllegalArgumentException(
          "dts90k " + dts90k + " goes back from the previous " + lastVideoDts);
    }
    byte[] accessUnit = AnnexBAccessUnit.of(streams.video(), keyframe, avcc, offset, length);
    byte[] header = PesHeader.of(PesHeader.STREAM_ID_VIDEO, pts90k, dts90k, PesHeader.UNBOUNDED);
    units.add(new PesUnit(VIDEO_PID, header, accessUnit, MpegClock.pcrFor(dts90k), keyframe));
    videoStarted = true;
    lastVideoDts = dts90k;
  }

  /**
   * One raw AAC frame (no ADTS header), as in an FLV AAC raw packet payload. The bytes are
   * copied.
   *
   * @param pts90k presentation time in 90 kHz ticks
   * @throws IllegalStateException when the stream has no audio or the writer is spent
   * @throws IllegalArgumentException when the frame is too long for an ADTS header
   * @throws IndexOutOfBoundsException when the range is not within {@code aac}
   */
  public void writeAudio(long pts90k, byte[] aac, int offset, int length) {
    checkWritable();
    if (!streams.hasAudio()) {
      throw new IllegalStateException("this segment has no audio stream");
    }
    Objects.checkFromIndexSize(offset, length, Objects.requireNonNull(aac, "aac == null").length);
    if (length > AacAudioSpecificConfig.MAX_ADTS_PAYLOAD) {
      throw new IllegalArgumentException("an AAC frame of " + length
          + " bytes is longer than ADTS allows, " + AacAudioSpecificConfig.MAX_ADTS_PAYLOAD);
    }
    if (audioGroup != null && audioGroup.accepts(pts90k, length)) {
      audioGroup.add(aac, offset, length);
      return;
    }
    closeAudioGroup();
    audioGroup = new AacPesGroup(streams.audio(), pts90k, aac, offset, length);
    audioGroupIndex = units.size();
    units.add(null);
  }

  /**
   * Finishes the segment and returns its bytes: a whole number of 188-byte packets, starting
   * with the PAT and the PMT. The writer is spent afterwards.
   *
   * @throws IllegalStateException when called twice
   */
  public byte[] finish() {
    checkWritable();
    spent = true;
    closeAudioGroup();
    ContinuityPlan videoPlan = plan(VIDEO_PID);
    ContinuityPlan audioPlan = plan(AUDIO_PID);
    int packets = 2 + videoPlan.total() + audioPlan.total();
    byte[] out = new byte[packets * TsPackets.SIZE];
    int at = writeSection(out, 0, PAT_PID, PsiSections.pat(
        TRANSPORT_STREAM_ID, PROGRAM_NUMBER, PMT_PID));
    at = writeSection(out, at, PMT_PID, PsiSections.pmt(
        PROGRAM_NUMBER, pcrPid(), elementaryStreams()));
    int videoIndex = 0;
    int videoCounter = videoPlan.firstCounter();
    int audioIndex = 0;
    int audioCounter = audioPlan.firstCounter();
    for (PesUnit unit : units) {
      if (unit.pid() == VIDEO_PID) {
        int count = videoPlan.packetCounts()[videoIndex];
        at = PesPacketizer.write(out, at, unit, count, videoCounter,
            videoIndex == 0 && videoPlan.discontinuity());
        videoIndex++;
        videoCounter += count;
      } else {
        int count = audioPlan.packetCounts()[audioIndex];
        at = PesPacketizer.write(out, at, unit, count, audioCounter,
            audioIndex == 0 && audioPlan.discontinuity());
        audioIndex++;
        audioCounter += count;
      }
    }
    return out;
  }

  /**
   * The continuity plan for one PID. Video always pads: every video PES holds at least 11
   * elementary stream bytes (a delimiter and a NAL unit), the segment's first at least 21 (its
   * SPS and PPS too), and a PES of two packets or more can take 150 more, so there are always
   * the 15 packets to spare. Only audio of a few bytes falls back to {@link
   * ContinuityPlan#offset}.
   */
  private ContinuityPlan plan(int pid) {
    List<PesUnit> ofPid = new ArrayList<>();
    for (PesUnit unit : units) {
      if (unit.pid() == pid) {
        ofPid.add(unit);
      }
    }
    return ContinuityPlan.padded(ofPid).orElseGet(() -> ContinuityPlan.offset(ofPid));
  }

  private void closeAudioGroup() {
    if (audioGroup != null) {
      units.set(audioGroupIndex, audioGroup.toPes(AUDIO_PID, !streams.hasVideo()));
      audioGroup = null;
      audioGroupIndex = -1;
    }
  }

  private int pcrPid() {
    return streams.hasVideo() ? VIDEO_PID : AUDIO_PID;
  }

  private List<PsiSections.ElementaryStream> elementaryStreams() {
    List<PsiSections.ElementaryStream> list = new ArrayList<>(2);
    if (streams.hasVideo()) {
      list.add(new PsiSections.ElementaryStream(STREAM_TYPE_H264, VIDEO_PID));
    }
    if (streams.hasAudio()) {
      list.add(new PsiSections.ElementaryStream(STREAM_TYPE_AAC_ADTS, AUDIO_PID));
    }
    return list;
  }

  /** One packet: pointer_field 0, the section, adaptation-field stuffing before them. */
  private static int writeSection(byte[] out, int at, int pid, byte[] section) {
    byte[] payload = new byte[1 + section.length];
    System.arraycopy(section, 0, payload, 1, section.length);
    AdaptationField discontinuity = new AdaptationField(true, false, AdaptationField.NO_PCR);
    TsPackets.write(out, at, pid, true, 0, discontinuity, payload, 0, payload.length);
    return at + TsPackets.SIZE;
  }

  private void checkWritable() {
    if (spent) {
      throw new IllegalStateException("this segment is finished; use a new writer");
    }
  }
}
