package io.streaminglab.media.flv;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An AVCDecoderConfigurationRecord (ISO/IEC 14496-15, 5.3.3.1): the body of an H.264 sequence
 * header after the video tag header.
 *
 * <p>Parsing checks the version (1), the NAL unit length size (1, 2 or 4 bytes) and that every
 * parameter set fits in the input. The optional chroma and bit-depth fields that may follow the
 * parameter sets for high profiles are ignored. The parameter set arrays are copies of the
 * input, owned by the record; treat them as read-only.
 *
 * @param configurationVersion always 1
 * @param profile AVCProfileIndication, the profile_idc of the SPS (66 baseline, 77 main, 100
 *     high)
 * @param profileCompatibility the constraint flags byte of the SPS
 * @param level AVCLevelIndication, level_idc times ten (31 is level 3.1)
 * @param nalLengthSize how many bytes prefix each NAL unit in coded frames: 1, 2 or 4
 * @param sequenceParameterSets the SPS NAL units, each starting with its NAL header byte
 * @param pictureParameterSets the PPS NAL units, each starting with its NAL header byte
 */
public record AvcDecoderConfigurationRecord(
    int configurationVersion,
    int profile,
    int profileCompatibility,
    int level,
    int nalLengthSize,
    List<byte[]> sequenceParameterSets,
    List<byte[]> pictureParameterSets) {

  public AvcDecoderConfigurationRecord {
    sequenceParameterSets = List.copyOf(
        Objects.requireNonNull(sequenceParameterSets, "sequenceParameterSets == null"));
    pictureParameterSets = List.copyOf(
        Objects.requireNonNull(pictureParameterSets, "pictureParameterSets == null"));
  }

  /**
   * Parses a whole array as a record.
   *
   * @throws FlvException when the record is malformed or truncated
   */
  public static AvcDecoderConfigurationRecord parse(byte[] data) {
    Objects.requireNonNull(data, "data == null");
    return parse(data, 0, data.length);
  }

  /**
   * Parses the record in {@code length} bytes at {@code offset}; bytes after it are ignored.
   *
   * @throws FlvException when the record is malformed or truncated
   */
  public static AvcDecoderConfigurationRecord parse(byte[] data, int offset, int length) {
    ByteCursor in = new ByteCursor(data, offset, length, "AVC decoder configuration record");
    int version = in.u8("the configuration version");
    if (version != 1) {
      throw new FlvException(
          "AVC decoder configuration record has version " + version + " where 1 is expected");
    }
    int profile = in.u8("the profile");
    int compatibility = in.u8("the profile compatibility");
    int level = in.u8("the level");
    int nalLengthSize = (in.u8("the NAL unit length size") & 0x03) + 1;
    if (nalLengthSize == 3) {
      throw new FlvException(
          "AVC decoder configuration record gives a NAL unit length size of 3, not 1, 2 or 4");
    }
    int spsCount = in.u8("the SPS count") & 0x1F;
    List<byte[]> sps = readParameterSets(in, spsCount, "SPS");
    int ppsCount = in.u8("the PPS count");
    List<byte[]> pps = readParameterSets(in, ppsCount, "PPS");
    return new AvcDecoderConfigurationRecord(
        version, profile, compatibility, level, nalLengthSize, sps, pps);
  }

  private static List<byte[]> readParameterSets(ByteCursor in, int count, String kind) {
    // Counts are at most 255 and each set is checked against the input before it is copied.
    List<byte[]> sets = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int length = in.u16("the length of " + kind + " " + i);
      sets.add(in.bytes(length, kind + " " + i));
    }
    return sets;
  }

  /**
   * The RFC 6381 codec string for HLS and DASH, such as {@code "avc1.64001f"}.
   */
  public String codecString() {
    return String.format("avc1.%02x%02x%02x", profile, profileCompatibility, level);
  }
}
