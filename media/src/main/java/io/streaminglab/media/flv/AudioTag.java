package io.streaminglab.media.flv;

import java.util.Objects;

/**
 * The header of an FLV audio tag body, as carried by an RTMP audio message (type 8).
 *
 * <p>Legacy tags (FLV 10.1, E.4.2) start with a 4-bit sound format and the rate, size and type
 * bits; AAC (format 10) adds an AAC packet type byte. Sound format 9 marks an Enhanced RTMP
 * header instead: a 4-bit packet type and a FourCC such as {@code "Opus"} or {@code "mp4a"},
 * with ModEx prefixes skipped.
 *
 * <p>Any well-formed header parses, whatever its codec; only a body too short for its header
 * fails. An empty body, which RTMP uses to signal silence, is too short: callers that care
 * should check for it first.
 *
 * @param soundFormat the 4-bit sound format: 10 for AAC, 2 for MP3, 9 for an enhanced header
 * @param soundRate the 2-bit rate code of legacy tags (0 = 5.5, 1 = 11, 2 = 22, 3 = 44 kHz);
 *     0 for enhanced tags, and for AAC always 3 whatever the real rate
 * @param soundSize the size bit of legacy tags (0 = 8-bit, 1 = 16-bit samples); 0 if enhanced
 * @param soundType the type bit of legacy tags (0 = mono, 1 = stereo); 0 if enhanced
 * @param fourCc the codec as a FourCC: from the header of enhanced tags, {@code "mp4a"} for
 *     legacy AAC, {@code ".mp3"} for legacy MP3, otherwise empty
 * @param packetType what follows the header
 * @param payloadOffset index in the parsed array of the first byte after the header
 */
public record AudioTag(
    int soundFormat,
    int soundRate,
    int soundSize,
    int soundType,
    String fourCc,
    AudioPacketType packetType,
    int payloadOffset) {

  /** The sound format of AAC. */
  public static final int FORMAT_AAC = 10;
  /** The sound format that announces an Enhanced RTMP header. */
  public static final int FORMAT_EX_HEADER = 9;

  private static final int FORMAT_MP3 = 2;
  private static final int FORMAT_MP3_8K = 14;
  private static final int EX_MULTITRACK = 5;
  private static final int MANY_TRACKS_MANY_CODECS = 2;

  public AudioTag {
    Objects.requireNonNull(fourCc, "fourCc == null");
    Objects.requireNonNull(packetType, "packetType == null");
  }

  /**
   * Parses the header of a whole audio message body.
   *
   * @throws FlvException when the body is too short for the header it announces
   */
  public static AudioTag parse(byte[] body) {
    Objects.requireNonNull(body, "body == null");
    return parse(body, 0, body.length);
  }

  /**
   * Parses the header of the audio tag body in {@code length} bytes at {@code offset}.
   *
   * @throws FlvException when the body is too short for the header it announces
   */
  public static AudioTag parse(byte[] data, int offset, int length) {
    ByteCursor in = new ByteCursor(data, offset, length, "audio tag");
    int first = in.u8("the header byte");
    int soundFormat = first >> 4;
    if (soundFormat == FORMAT_EX_HEADER) {
      return parseEnhanced(first & 0x0F, in);
    }
    int rate = (first >> 2) & 0x03;
    int size = (first >> 1) & 0x01;
    int type = first & 0x01;
    if (soundFormat != FORMAT_AAC) {
      String fourCc = soundFormat == FORMAT_MP3 || soundFormat == FORMAT_MP3_8K ? ".mp3" : "";
      return new AudioTag(soundFormat, rate, size, type, fourCc, AudioPacketType.CODED_FRAMES,
          in.position());
    }
    AudioPacketType packetType = switch (in.u8("the AAC packet type")) {
      case 0 -> AudioPacketType.SEQUENCE_START;
      case 1 -> AudioPacketType.CODED_FRAMES;
      default -> AudioPacketType.RESERVED;
    };
    return new AudioTag(soundFormat, rate, size, type, "mp4a", packetType, in.position());
  }

  private static AudioTag parseEnhanced(int exPacketType, ByteCursor in) {
    int packetType = in.skipModEx(exPacketType);
    String fourCc;
    AudioPacketType type;
    if (packetType == EX_MULTITRACK) {
      int multitrackType = in.u8("the multitrack type") >> 4;
      fourCc = multitrackType == MANY_TRACKS_MANY_CODECS ? "" : in.fourCc("the FourCC");
      type = AudioPacketType.MULTITRACK;
    } else {
      fourCc = in.fourCc("the FourCC");
      type = switch (packetType) {
        case 0 -> AudioPacketType.SEQUENCE_START;
        case 1 -> AudioPacketType.CODED_FRAMES;
        case 2 -> AudioPacketType.SEQUENCE_END;
        case 4 -> AudioPacketType.MULTICHANNEL_CONFIG;
        default -> AudioPacketType.RESERVED;
      };
    }
    return new AudioTag(FORMAT_EX_HEADER, 0, 0, 0, fourCc, type, in.position());
  }

  /** True when the tag uses the Enhanced RTMP header. */
  public boolean isEnhanced() {
    return soundFormat == FORMAT_EX_HEADER;
  }

  /** True when the codec is AAC, legacy or enhanced. */
  public boolean isAac() {
    return fourCc.equals("mp4a");
  }

  /** True for a decoder configuration: an AAC sequence header or an enhanced sequence start. */
  public boolean isSequenceHeader() {
    return packetType == AudioPacketType.SEQUENCE_START;
  }
}
