package io.streaminglab.media.flv;

/**
 * Where one H.264 NAL unit lies in a byte array, and its type.
 *
 * @param offset index in the array of the NAL header byte
 * @param length bytes in the NAL unit, header included; at least 1
 * @param type nal_unit_type, the low five bits of the header byte (5 IDR slice, 7 SPS, 8 PPS)
 */
public record AvcNalUnit(int offset, int length, int type) {
  public AvcNalUnit {
    if (offset < 0) {
      throw new IllegalArgumentException("offset < 0: " + offset);
    }
    if (length < 1) {
      throw new IllegalArgumentException("length < 1: " + length);
    }
  }

  /** True for a coded slice of an IDR picture. */
  public boolean isIdr() {
    return type == AvcNalUnits.TYPE_IDR;
  }
}
