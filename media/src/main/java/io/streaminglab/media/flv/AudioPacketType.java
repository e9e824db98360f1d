package io.streaminglab.media.flv;

/**
 * What an audio tag carries after its header, for legacy AAC packet types and Enhanced RTMP
 * audio packet types alike.
 */
public enum AudioPacketType {
  /** A decoder configuration such as an AudioSpecificConfig (AAC sequence header). */
  SEQUENCE_START,
  /** Coded audio: a raw AAC frame, or the frames of any other format. */
  CODED_FRAMES,
  /** The end of the sequence (Enhanced RTMP). */
  SEQUENCE_END,
  /** The channel order and count (Enhanced RTMP). */
  MULTICHANNEL_CONFIG,
  /** Several tracks in one message; the payload is the per-track loop (Enhanced RTMP v2). */
  MULTITRACK,
  /** A packet type no specification defines. */
  RESERVED
}
