package io.streaminglab.media.flv;

/**
 * What a video tag carries after its header, for legacy AVC packet types and Enhanced RTMP
 * video packet types alike.
 */
public enum VideoPacketType {
  /** A decoder configuration such as an AVCDecoderConfigurationRecord (AVC sequence header). */
  SEQUENCE_START,
  /**
   * Coded frames: NAL units for AVC and HEVC, or the frame data of other codecs. Enhanced
   * CodedFramesX, which omits a zero composition time, is reported as this too.
   */
  CODED_FRAMES,
  /** The end of the sequence; there is no frame data. */
  SEQUENCE_END,
  /** AMF0-encoded video metadata such as colour information (Enhanced RTMP). */
  METADATA,
  /** An MPEG-2 TS descriptor that starts the sequence (Enhanced RTMP). */
  MPEG2TS_SEQUENCE_START,
  /** Several tracks in one message; the payload is the per-track loop (Enhanced RTMP v2). */
  MULTITRACK,
  /** A one-byte video command; see {@link VideoFrameType#COMMAND_FRAME}. */
  COMMAND,
  /** A packet type no specification defines. */
  RESERVED
}
