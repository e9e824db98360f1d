package io.streaminglab.mpegts;

import io.streaminglab.media.flv.AvcDecoderConfigurationRecord;
import io.streaminglab.media.flv.AvcNalUnit;
import io.streaminglab.media.flv.AvcNalUnits;
import java.io.ByteArrayOutputStream;
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
    ByteArrayOutputStream out = new ByteArrayOutputStream(length + 64);
    AvcNalUnit first = units.get(0);
    if (first.type() == AvcNalUnits.TYPE_ACCESS_UNIT_DELIMITER) {
      nal(out, avcc, first.offset(), first.length());
    } else {
      nal(out, ACCESS_UNIT_DELIMITER, 0, ACCESS_UNIT_DELIMITER.length);
    }
    if (idr && !(hasSps && hasPps)) {
      for (byte[] sps : config.sequenceParameterSets()) {
        nal(out, sps, 0, sps.length);
      }
      for (byte[] pps : config.pictureParameterSets()) {
        nal(out, pps, 0, pps.length);
      }
    }
    for (AvcNalUnit unit : units) {
      if (unit.type() != AvcNalUnits.TYPE_ACCESS_UNIT_DELIMITER) {
        nal(out, avcc, unit.offset(), unit.length());
      }
    }
    return out.toByteArray();
  }

  private static void nal(ByteArrayOutputStream out, byte[] data, int offset, int length) {
    out.write(START_CODE, 0, START_CODE.length);
    out.write(data, offset, length);
  }
}
