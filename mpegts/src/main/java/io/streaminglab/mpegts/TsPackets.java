package io.streaminglab.mpegts;

/**
 * Writes 188-byte transport packets (ISO/IEC 13818-1, 2.4.3.2). A payload shorter than the
 * packet leaves room that an adaptation field fills with 0xFF stuffing bytes, the only legal
 * stuffing for PES payloads, so every packet written here carries payload.
 */
final class TsPackets {
  static final int SIZE = 188;
  static final int HEADER_SIZE = 4;
  /** Payload bytes of a packet with no adaptation field. */
  static final int MAX_PAYLOAD = SIZE - HEADER_SIZE;
  static final int SYNC_BYTE = 0x47;

  private TsPackets() {}

  /**
   * Writes one packet at {@code out[at]}: header, adaptation field when {@code field} needs one
   * or the payload is short, then {@code length} payload bytes from {@code payload[offset]}.
   *
   * @param unitStart payload_unit_start_indicator: a PES or a section starts in this packet
   * @param continuityCounter the 4-bit continuity_counter; only its low bits are written
   * @throws IllegalArgumentException when the payload is empty or leaves too little room for
   *     the adaptation field
   */
  static void write(byte[] out, int at, int pid, boolean unitStart, int continuityCounter,
      AdaptationField field, byte[] payload, int offset, int length) {
    int fieldSize = MAX_PAYLOAD - length;
    if (length < 1 || fieldSize < field.minimumSize()) {
      throw new IllegalArgumentException("a payload of " + length
          + " bytes leaves no room for an adaptation field of " + field.minimumSize());
    }
    out[at] = SYNC_BYTE;
    out[at + 1] = (byte) ((unitStart ? 0x40 : 0) | pid >> 8 & 0x1F);
    out[at + 2] = (byte) pid;
    // Not scrambled; adaptation_field_control 01 (payload only) or 11 (both).
    int control = fieldSize == 0 ? 0x10 : 0x30;
    out[at + 3] = (byte) (control | continuityCounter & 0x0F);
    if (fieldSize > 0) {
      writeAdaptationField(out, at + HEADER_SIZE, fieldSize, field);
    }
    System.arraycopy(payload, offset, out, at + HEADER_SIZE + fieldSize, length);
  }

  /** An adaptation field of exactly {@code size} bytes, its length byte included. */
  private static void writeAdaptationField(
      byte[] out, int at, int size, AdaptationField field) {
    out[at] = (byte) (size - 1);
    if (size == 1) {
      // adaptation_field_length 0: a single byte of stuffing, no flags.
      return;
    }
    int flags = (field.discontinuity() ? 0x80 : 0)
        | (field.randomAccess() ? 0x40 : 0)
        | (field.pcr() != AdaptationField.NO_PCR ? 0x10 : 0);
    out[at + 1] = (byte) flags;
    int stuffingFrom = at + 2;
    if (field.pcr() != AdaptationField.NO_PCR) {
      writePcr(out, at + 2, field.pcr());
      stuffingFrom += 6;
    }
    for (int i = stuffingFrom; i < at + size; i++) {
      out[i] = (byte) 0xFF;
    }
  }

  /** Six bytes: the 33-bit base, six reserved bits, the 9-bit extension. */
  private static void writePcr(byte[] out, int at, long pcr27MHz) {
    long base = pcr27MHz / 300;
    int extension = (int) (pcr27MHz % 300);
    out[at] = (byte) (base >> 25);
    out[at + 1] = (byte) (base >> 17);
    out[at + 2] = (byte) (base >> 9);
    out[at + 3] = (byte) (base >> 1);
    out[at + 4] = (byte) ((int) (base << 7) & 0x80 | 0x7E | extension >> 8);
    out[at + 5] = (byte) extension;
  }
}
