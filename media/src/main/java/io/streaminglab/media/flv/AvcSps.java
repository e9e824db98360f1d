package io.streaminglab.media.flv;

import java.util.Objects;

/**
 * The parts of an H.264 sequence parameter set (ITU-T H.264, 7.3.2.1.1) needed to report a
 * stream: profile, level, chroma format, bit depth and the displayed picture size.
 *
 * <p>Parsing reads the SPS NAL unit up to the frame cropping fields, dropping emulation
 * prevention bytes, and handles the chroma format, bit depth and scaling lists of the high
 * profiles, every picture order count type, field coding ({@code frame_mbs_only_flag} 0) and
 * cropping. VUI parameters are not read. Values outside what H.264 allows, and pictures larger
 * than {@value #MAX_DIMENSION_MACROBLOCKS} macroblocks a side, are rejected.
 *
 * @param profileIdc profile_idc: 66 baseline, 77 main, 100 high, 110 high 10, 122 high 4:2:2,
 *     244 high 4:4:4 predictive
 * @param constraintFlags the byte holding constraint_set0_flag to constraint_set5_flag
 * @param levelIdc level_idc, the level times ten (31 is level 3.1)
 * @param chromaFormatIdc 0 monochrome, 1 4:2:0, 2 4:2:2, 3 4:4:4
 * @param bitDepthLuma bits per luma sample, 8 to 14
 * @param bitDepthChroma bits per chroma sample, 8 to 14
 * @param frameMbsOnly false when pictures may be coded as fields (interlaced)
 * @param width displayed width in luma samples, after cropping
 * @param height displayed height in luma samples (of a frame, not a field), after cropping
 */
public record AvcSps(
    int profileIdc,
    int constraintFlags,
    int levelIdc,
    int chromaFormatIdc,
    int bitDepthLuma,
    int bitDepthChroma,
    boolean frameMbsOnly,
    int width,
    int height) {

  /** The most macroblocks either side of a picture may have: 32768 samples. */
  public static final int MAX_DIMENSION_MACROBLOCKS = 2048;

  private static final String SUBJECT = "H.264 SPS";

  /**
   * Parses a whole array as an SPS NAL unit, starting with its NAL header byte.
   *
   * @throws FlvException when it is not an SPS, or is malformed or truncated
   */
  public static AvcSps parse(byte[] nal) {
    Objects.requireNonNull(nal, "nal == null");
    return parse(nal, 0, nal.length);
  }

  /**
   * Parses the SPS NAL unit in {@code length} bytes at {@code offset}, starting with its NAL
   * header byte, such as an entry of {@link
   * AvcDecoderConfigurationRecord#sequenceParameterSets()}.
   *
   * @throws FlvException when it is not an SPS, or is malformed or truncated
   */
  public static AvcSps parse(byte[] nal, int offset, int length) {
    BitReader in = new BitReader(nal, offset, length, true, SUBJECT);
    int nalType = in.bits(8, "the NAL header") & 0x1F;
    if (nalType != AvcNalUnits.TYPE_SPS) {
      throw new FlvException("NAL unit of type " + nalType + " is not an SPS (type 7)");
    }
    int profileIdc = in.bits(8, "profile_idc");
    int constraintFlags = in.bits(8, "the constraint flags");
    int levelIdc = in.bits(8, "level_idc");
    in.ue("seq_parameter_set_id", 31);

    int chromaFormatIdc = 1;
    boolean separateColourPlanes = false;
    int bitDepthLuma = 8;
    int bitDepthChroma = 8;
    if (hasChromaInfo(profileIdc)) {
      chromaFormatIdc = in.ue("chroma_format_idc", 3);
      if (chromaFormatIdc == 3) {
        separateColourPlanes = in.flag("separate_colour_plane_flag");
      }
      bitDepthLuma = 8 + in.ue("bit_depth_luma_minus8", 6);
      bitDepthChroma = 8 + in.ue("bit_depth_chroma_minus8", 6);
      in.flag("qpprime_y_zero_transform_bypass_flag");
      if (in.flag("seq_scaling_matrix_present_flag")) {
        skipScalingLists(in, chromaFormatIdc == 3 ? 12 : 8);
      }
    }

    in.ue("log2_max_frame_num_minus4", 12);
    int picOrderCntType = in.ue("pic_order_cnt_type", 2);
    if (picOrderCntType == 0) {
      in.ue("log2_max_pic_order_cnt_lsb_minus4", 12);
    } else if (picOrderCntType == 1) {
      in.flag("delta_pic_order_always_zero_flag");
      in.se("offset_for_non_ref_pic");
      in.se("offset_for_top_to_bottom_field");
      int cycle = in.ue("num_ref_frames_in_pic_order_cnt_cycle", 255);
      for (int i = 0; i < cycle; i++) {
        in.se("offset_for_ref_frame");
      }
    }
    in.ue("max_num_ref_frames");
    in.flag("gaps_in_frame_num_value_allowed_flag");
    int widthMbs = in.ue("pic_width_in_mbs_minus1", MAX_DIMENSION_MACROBLOCKS - 1) + 1;
    int heightMapUnits =
        in.ue("pic_height_in_map_units_minus1", MAX_DIMENSION_MACROBLOCKS - 1) + 1;
    boolean frameMbsOnly = in.flag("frame_mbs_only_flag");
    if (!frameMbsOnly) {
      in.flag("mb_adaptive_frame_field_flag");
    }
    in.flag("direct_8x8_inference_flag");

    int frameHeightMbs = frameMbsOnly ? heightMapUnits : heightMapUnits * 2;
    if (frameHeightMbs > MAX_DIMENSION_MACROBLOCKS) {
      throw new FlvException(SUBJECT + " describes a frame " + frameHeightMbs
          + " macroblocks high, above the most allowed, " + MAX_DIMENSION_MACROBLOCKS);
    }
    int codedWidth = widthMbs * 16;
    int codedHeight = frameHeightMbs * 16;
    int width = codedWidth;
    int height = codedHeight;
    if (in.flag("frame_cropping_flag")) {
      // The crop unit follows the chroma subsampling, and doubles vertically for fields.
      int chromaArrayType = separateColourPlanes ? 0 : chromaFormatIdc;
      int cropUnitX = chromaArrayType == 0 || chromaArrayType == 3 ? 1 : 2;
      int cropUnitY = (chromaArrayType == 1 ? 2 : 1) * (frameMbsOnly ? 1 : 2);
      long cropX = in.ue("frame_crop_left_offset") + in.ue("frame_crop_right_offset");
      long cropY = in.ue("frame_crop_top_offset") + in.ue("frame_crop_bottom_offset");
      if (cropX * cropUnitX >= codedWidth || cropY * cropUnitY >= codedHeight) {
        throw new FlvException(SUBJECT + " crops away the whole " + codedWidth + "x"
            + codedHeight + " picture");
      }
      width = codedWidth - (int) (cropX * cropUnitX);
      height = codedHeight - (int) (cropY * cropUnitY);
    }
    return new AvcSps(profileIdc, constraintFlags, levelIdc, chromaFormatIdc, bitDepthLuma,
        bitDepthChroma, frameMbsOnly, width, height);
  }

  /** Whether an SPS of this profile carries chroma format, bit depth and scaling lists. */
  private static boolean hasChromaInfo(int profileIdc) {
    return switch (profileIdc) {
      case 100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135 -> true;
      default -> false;
    };
  }

  private static void skipScalingLists(BitReader in, int count) {
    for (int i = 0; i < count; i++) {
      if (in.flag("seq_scaling_list_present_flag")) {
        int size = i < 6 ? 16 : 64;
        int lastScale = 8;
        int nextScale = 8;
        for (int j = 0; j < size && nextScale != 0; j++) {
          long delta = in.se("delta_scale");
          nextScale = (int) Math.floorMod(lastScale + delta, 256L);
          lastScale = nextScale == 0 ? lastScale : nextScale;
        }
      }
    }
  }

  /** The RFC 6381 codec string for HLS and DASH, such as {@code "avc1.64001f"}. */
  public String codecString() {
    return String.format("avc1.%02x%02x%02x", profileIdc, constraintFlags, levelIdc);
  }
}
