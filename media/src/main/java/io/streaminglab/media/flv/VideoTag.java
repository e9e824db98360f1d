package io.streaminglab.media.flv;

import java.util.Objects;

/**
 * The header of an FLV video tag body, as carried by an RTMP video message (type 9).
 *
 * <p>Two layouts exist, told apart by the top bit of the first byte:
 *
 * <ul>
 *   <li>Legacy (FLV 10.1, E.4.3): a 4-bit frame type and a 4-bit codec id; for AVC (codec 7),
 *       and HEVC under the widely used unofficial codec id 12, an AVC packet type and a signed
 *       24-bit composition time follow.
 *   <li>Enhanced RTMP: a 3-bit frame type, a 4-bit packet type and a FourCC such as {@code
 *       "avc1"}, {@code "hvc1"}, {@code "av01"} or {@code "vp09"}; ModEx prefixes are skipped,
 *       and AVC, HEVC and VVC coded frames carry a composition time.
 * </ul>
 *
 * <p>Any well-formed header parses, whatever its codec; only a body too short for its header
 * fails. The codec data itself is not looked at: it starts at {@link #payloadOffset()}.
 *
 * @param frameType the frame type; for {@link VideoPacketType#METADATA} it means nothing
 * @param enhanced whether the tag uses the Enhanced RTMP header
 * @param codecId the legacy codec id (7 for AVC), or 0 for enhanced tags
 * @param fourCc the codec as a FourCC: from the header of enhanced tags, {@code "avc1"} or
 *     {@code "hvc1"} for legacy codec ids 7 and 12, otherwise empty (other legacy codecs,
 *     commands, and multitrack tags whose tracks each name their codec)
 * @param packetType what follows the header
 * @param compositionTimeOffset presentation minus decoding time in milliseconds for coded
 *     frames that carry one, otherwise 0
 * @param payloadOffset index in the parsed array of the first byte after the header: the
 *     decoder configuration, the NAL units, the command byte or the multitrack loop
 */
public record VideoTag(
    VideoFrameType frameType,
    boolean enhanced,
    int codecId,
    String fourCc,
    VideoPacketType packetType,
    int compositionTimeOffset,
    int payloadOffset) {

  /** The legacy codec id of AVC (H.264). */
  public static final int CODEC_AVC = 7;
  /** The legacy codec id some encoders and servers use for HEVC; it is in no specification. */
  public static final int CODEC_HEVC_UNOFFICIAL = 12;

  private static final int EX_HEADER_BIT = 0x80;
  private static final int EX_CODED_FRAMES = 1;
  private static final int EX_METADATA = 4;
  private static final int EX_MULTITRACK = 6;
  private static final int MANY_TRACKS_MANY_CODECS = 2;

  public VideoTag {
    Objects.requireNonNull(frameType, "frameType == null");
    Objects.requireNonNull(fourCc, "fourCc == null");
    Objects.requireNonNull(packetType, "packetType == null");
  }

  /**
   * Parses the header of a whole video message body.
   *
   * @throws FlvException when the body is too short for the header it announces
   */
  public static VideoTag parse(byte[] body) {
    Objects.requireNonNull(body, "body == null");
    return parse(body, 0, body.length);
  }

  /**
   * Parses the header of the video tag body in {@code length} bytes at {@code offset}.
   *
   * @throws FlvException when the body is too short for the header it announces
   */
  public static VideoTag parse(byte[] data, int offset, int length) {
    ByteCursor in = new ByteCursor(data, offset, length, "video tag");
    int first = in.u8("the header byte");
    return (first & EX_HEADER_BIT) == 0 ? parseLegacy(first, in) : parseEnhanced(first, in);
  }

  private static VideoTag parseLegacy(int first, ByteCursor in) {
    VideoFrameType frameType = VideoFrameType.of(first >> 4);
    int codecId = first & 0x0F;
    String fourCc = switch (codecId) {
      case CODEC_AVC -> "avc1";
      case CODEC_HEVC_UNOFFICIAL -> "hvc1";
      default -> "";
    };
    if (frameType == VideoFrameType.COMMAND_FRAME) {
      in.require(1, "the video command");
      return new VideoTag(frameType, false, codecId, fourCc, VideoPacketType.COMMAND, 0,
          in.position());
    }
    if (fourCc.isEmpty()) {
      return new VideoTag(frameType, false, codecId, fourCc, VideoPacketType.CODED_FRAMES, 0,
          in.position());
    }
    VideoPacketType packetType = switch (in.u8("the AVC packet type")) {
      case 0 -> VideoPacketType.SEQUENCE_START;
      case 1 -> VideoPacketType.CODED_FRAMES;
      case 2 -> VideoPacketType.SEQUENCE_END;
      default -> VideoPacketType.RESERVED;
    };
    int compositionTime = in.s24("the composition time");
    // FLV defines the composition time as 0 for anything but NAL units, whatever the bytes say.
    if (packetType != VideoPacketType.CODED_FRAMES) {
      compositionTime = 0;
    }
    return new VideoTag(frameType, false, codecId, fourCc, packetType, compositionTime,
        in.position());
  }

  private static VideoTag parseEnhanced(int first, ByteCursor in) {
    VideoFrameType frameType = VideoFrameType.of((first >> 4) & 0x07);
    int packetType = in.skipModEx(first & 0x0F);
    if (frameType == VideoFrameType.COMMAND_FRAME && packetType != EX_METADATA) {
      in.require(1, "the video command");
      return new VideoTag(frameType, true, 0, "", VideoPacketType.COMMAND, 0, in.position());
    }
    if (packetType == EX_MULTITRACK) {
      int multitrackType = in.u8("the multitrack type") >> 4;
      String fourCc = multitrackType == MANY_TRACKS_MANY_CODECS ? "" : in.fourCc("the FourCC");
      return new VideoTag(frameType, true, 0, fourCc, VideoPacketType.MULTITRACK, 0,
          in.position());
    }
    String fourCc = in.fourCc("the FourCC");
    int compositionTime = 0;
    if (packetType == EX_CODED_FRAMES && carriesCompositionTime(fourCc)) {
      compositionTime = in.s24("the composition time");
    }
    return new VideoTag(frameType, true, 0, fourCc, enhancedPacketType(packetType),
        compositionTime, in.position());
  }

  private static boolean carriesCompositionTime(String fourCc) {
    return fourCc.equals("avc1") || fourCc.equals("hvc1") || fourCc.equals("vvc1");
  }

  private static VideoPacketType enhancedPacketType(int code) {
    return switch (code) {
      case 0 -> VideoPacketType.SEQUENCE_START;
      case 1, 3 -> VideoPacketType.CODED_FRAMES;
      case 2 -> VideoPacketType.SEQUENCE_END;
      case 4 -> VideoPacketType.METADATA;
      case 5 -> VideoPacketType.MPEG2TS_SEQUENCE_START;
      default -> VideoPacketType.RESERVED;
    };
  }

  /** True when the codec is AVC (H.264), legacy or enhanced. */
  public boolean isAvc() {
    return fourCc.equals("avc1");
  }

  /** True for a decoder configuration: an AVC sequence header or an enhanced sequence start. */
  public boolean isSequenceHeader() {
    return packetType == VideoPacketType.SEQUENCE_START;
  }

  /** True when the tag ends the sequence. */
  public boolean isEndOfSequence() {
    return packetType == VideoPacketType.SEQUENCE_END;
  }

  /** True for key frames, including key frames generated by a server. */
  public boolean isKeyFrame() {
    return frameType == VideoFrameType.KEY_FRAME
        || frameType == VideoFrameType.GENERATED_KEY_FRAME;
  }
}
