package io.streaminglab.mpegts;

/**
 * The header of a PES packet (ISO/IEC 13818-1, 2.4.3.7) up to the first elementary stream
 * byte: start code prefix, stream_id, PES_packet_length, the flag bytes, and a PTS with a DTS
 * when it differs.
 *
 * <p>data_alignment_indicator is set: every PES this muxer writes starts with an access unit
 * delimiter (video) or an ADTS sync word (audio).
 */
final class PesHeader {
  /** stream_id of the first MPEG video stream, used for H.264. */
  static final int STREAM_ID_VIDEO = 0xE0;
  /** stream_id of the first MPEG audio stream, used for AAC. */
  static final int STREAM_ID_AUDIO = 0xC0;
  /** Passed as the payload length of a video PES, whose PES_packet_length is then 0. */
  static final int UNBOUNDED = -1;
  /** The largest payload a bounded PES with a PTS can declare. */
  static final int MAX_BOUNDED_PAYLOAD_WITH_PTS = 0xFFFF - 8;

  private static final int PTS_ONLY = 0x2;
  private static final int PTS_BEFORE_DTS = 0x3;
  private static final int DTS = 0x1;

  private PesHeader() {}

  /**
   * The header of a PES whose elementary stream bytes number {@code payloadLength}, or {@link
   * #UNBOUNDED} to write PES_packet_length 0 (allowed for video in a transport stream). The DTS
   * is written only when it differs from the PTS, both modulo 2<sup>33</sup>.
   *
   * @throws IllegalArgumentException when a bounded payload is too long for PES_packet_length
   */
  static byte[] of(int streamId, long pts90k, long dts90k, int payloadLength) {
    long pts = MpegClock.wrap(pts90k);
    long dts = MpegClock.wrap(dts90k);
    boolean withDts = pts != dts;
    int optionalLength = withDts ? 10 : 5;
    byte[] header = new byte[9 + optionalLength];
    header[2] = 1;
    header[3] = (byte) streamId;
    if (payloadLength != UNBOUNDED) {
      int packetLength = 3 + optionalLength + payloadLength;
      if (payloadLength < 0 || packetLength > 0xFFFF) {
        throw new IllegalArgumentException(
            "a PES payload of " + payloadLength + " bytes does not fit PES_packet_length");
      }
      header[4] = (byte) (packetLength >> 8);
      header[5] = (byte) packetLength;
    }
    // '10', not scrambled, no priority, data_alignment_indicator, no copyright, a copy.
    header[6] = (byte) 0x84;
    header[7] = (byte) (withDts ? 0xC0 : 0x80);
    header[8] = (byte) optionalLength;
    if (withDts) {
      timestamp(header, 9, PTS_BEFORE_DTS, pts);
      timestamp(header, 14, DTS, dts);
    } else {
      timestamp(header, 9, PTS_ONLY, pts);
    }
    return header;
  }

  /** Five bytes: a 4-bit prefix and 33 bits of timestamp in groups of 3, 15 and 15 bits. */
  static void timestamp(byte[] out, int at, int prefix, long timestamp) {
    out[at] = (byte) (prefix << 4 | (int) (timestamp >> 29) & 0x0E | 1);
    out[at + 1] = (byte) (timestamp >> 22);
    out[at + 2] = (byte) ((int) (timestamp >> 14) & 0xFE | 1);
    out[at + 3] = (byte) (timestamp >> 7);
    out[at + 4] = (byte) ((int) (timestamp << 1) & 0xFE | 1);
  }
}
