package io.streaminglab.mpegts;

import io.streaminglab.media.flv.AvcDecoderConfigurationRecord;
import io.streaminglab.media.flv.AvcNalUnit;
import io.streaminglab.media.flv.AvcNalUnits;
import java.util.List;

/**
 * Turns an H.264 access unit from AVCC form (length-prefixed NAL units, as in FLV and MP4) into
 * the Annex B byte stream an MPEG-TS video PES carries (ITU-T H.264, Annex B and 7.4.1.2.3):
 *
 * <ol>
 *   <li>An access unit delimiter starts the unit, unless the unit already starts with one;
 *       delimiters anywhere else are dropped, as only one may lead an access unit.
 *   <li>An IDR access unit, or one the caller marks as a keyframe, gets the configuration's
 *       SPS and PPS after the delimiter unless it already carries both, so that a player can
 *       start decoding at any segment.
 *   <li>Every NAL unit follows a four-byte start code, 00 00 00 01.
 * </ol>
 */
final class AnnexBAccessUnit {
  private static final byte[] START_CODE = {0, 0, 0, 1};
  /** nal_unit_type 9, primary_pic_type 7 (any slice type), then the RBSP stop bit. */
  private static final byte[] ACCESS_UNIT_DELIMITER = {0x09, (byte) 0xF0};

  private AnnexBAccessUnit() {}

  /**
   * The Annex B form of the access unit in {@code length} bytes at {@code offset}.
   *
   * @throws io.streaminglab.media.flv.FlvException when a length prefix runs past the end
   * @throws IllegalArgumentException when the access unit holds no NAL unit
   */
  static byte[] of(AvcDecoderConfigurationRecord config, boolean keyframe, byte[] avcc,
      int offset, int length) {
    List<AvcNalUnit> units = AvcNalUnits.split(avcc, offset, length, config.nalLengthSize());
    if (units.isEmpty()) {
      throw new IllegalArgumentException("an access unit must hold at least one NAL unit");
    }
    boolean idr = keyframe;
    boolean hasSps = false;
    boolean hasPps = false;
    for (AvcNalUnit unit : units) {
      idr |= unit.isIdr();
      hasSps |= unit.type() == AvcNalUnits.TYPE_SPS;
      hasPps |= unit.type() == AvcNalUnits.TYPE_PPS;
    }
    AvcNalUnit first = units.get(0);
    boolean ownDelimiter = first.type() == AvcNalUnits.TYPE_ACCESS_UNIT_DELIMITER;
    boolean addParameterSets = idr && !(hasSps && hasPps);
    // Sized exactly first, then written once: no buffer that grows and is copied again.
    int size = START_CODE.length + (ownDelimiter ? first.length() : ACCESS_UNIT_DELIMITER.length);
    if (addParameterSets) {
      for (byte[] sps : config.sequenceParameterSets()) {
        size += START_CODE.length + sps.length;
      }
      for (byte[] pps : config.pictureParameterSets()) {
        size += START_CODE.length + pps.length;
      }
    }
    for (AvcNalUnit unit : units) {
      if (unit.type() != AvcNalUnits.TYPE_ACCESS_UNIT_DELIMITER) {
        size += START_CODE.length + unit.length();
      }
    }
    byte[] out = new byte[size];
    int at = ownDelimiter ? nal(out, 0, avcc, first.offset(), first.length())
        : nal(out, 0, ACCESS_UNIT_DELIMITER, 0, ACCESS_UNIT_DELIMITER.length);
    if (addParameterSets) {
      for (byte[] sps : config.sequenceParameterSets()) {
        at = nal(out, at, sps, 0, sps.length);
      }
      for (byte[] pps : config.pictureParameterSets()) {
        at = nal(out, at, pps, 0, pps.length);
      }
    }
    for (AvcNalUnit unit : units) {
      if (unit.type() != AvcNalUnits.TYPE_ACCESS_UNIT_DELIMITER) {
        at = nal(out, at, avcc, unit.offset(), unit.length());
      }
    }
    return out;
  }

  /** Writes a start code and the NAL unit at {@code out[at]}; returns the index after it. */
  private static int nal(byte[] out, int at, byte[] data, int offset, int length) {
    System.arraycopy(START_CODE, 0, out, at, START_CODE.length);
    System.arraycopy(data, offset, out, at + START_CODE.length, length);
    return at + START_CODE.length + length;
  }
}
