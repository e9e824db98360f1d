package io.streaminglab.media.flv;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits AVC coded frames in AVCC form, where each NAL unit is prefixed by its length in 1, 2
 * or 4 big-endian bytes, into NAL units.
 *
 * <p>Every length is checked against the bytes that remain; a unit that would run past the end
 * fails the whole split. Zero-length units, which some encoders emit as padding, are skipped.
 * Nothing is copied: the results are ranges of the input array.
 */
public final class AvcNalUnits {
  /** nal_unit_type of a slice of a non-IDR picture. */
  public static final int TYPE_NON_IDR_SLICE = 1;
  /** nal_unit_type of a slice of an IDR picture. */
  public static final int TYPE_IDR = 5;
  /** nal_unit_type of supplemental enhancement information. */
  public static final int TYPE_SEI = 6;
  /** nal_unit_type of a sequence parameter set. */
  public static final int TYPE_SPS = 7;
  /** nal_unit_type of a picture parameter set. */
  public static final int TYPE_PPS = 8;
  /** nal_unit_type of an access unit delimiter. */
  public static final int TYPE_ACCESS_UNIT_DELIMITER = 9;

  private AvcNalUnits() {}

  /** The nal_unit_type of a NAL unit whose header byte is {@code header}. */
  public static int type(byte header) {
    return header & 0x1F;
  }

  /**
   * The NAL units in {@code length} bytes at {@code offset}, in order.
   *
   * @param nalLengthSize bytes in each length prefix, from {@link
   *     AvcDecoderConfigurationRecord#nalLengthSize()}: 1, 2 or 4
   * @throws FlvException when a length prefix or a NAL unit runs past the end
   * @throws IllegalArgumentException when {@code nalLengthSize} is not 1, 2 or 4
   */
  public static List<AvcNalUnit> split(byte[] data, int offset, int length, int nalLengthSize) {
    if (nalLengthSize != 1 && nalLengthSize != 2 && nalLengthSize != 4) {
      throw new IllegalArgumentException("nalLengthSize must be 1, 2 or 4: " + nalLengthSize);
    }
    ByteCursor in = new ByteCursor(data, offset, length, "AVC coded frame");
    List<AvcNalUnit> units = new ArrayList<>();
    while (in.remaining() > 0) {
      long unitLength = 0;
      for (int i = 0; i < nalLengthSize; i++) {
        unitLength = unitLength << 8 | in.u8("a NAL unit length prefix");
      }
      if (unitLength > in.remaining()) {
        throw new FlvException("AVC coded frame is too short: NAL unit " + units.size()
            + " needs " + unitLength + " bytes but only " + in.remaining() + " remain");
      }
      if (unitLength > 0) {
        int start = in.position();
        units.add(new AvcNalUnit(start, (int) unitLength, type(data[start])));
        in.skip((int) unitLength, "a NAL unit");
      }
    }
    return units;
  }

  /**
   * True when the coded frame in {@code length} bytes at {@code offset} holds an IDR slice.
   *
   * @throws FlvException when the frame is malformed, as for {@link #split}
   */
  public static boolean containsIdr(byte[] data, int offset, int length, int nalLengthSize) {
    for (AvcNalUnit unit : split(data, offset, length, nalLengthSize)) {
      if (unit.isIdr()) {
        return true;
      }
    }
    return false;
  }
}
