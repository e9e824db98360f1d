/**
 * The bodies of RTMP audio (type 8) and video (type 9) messages, which are FLV tag bodies, and
 * the H.264 and AAC structures they carry.
 *
 * <p>{@link io.streaminglab.media.flv.VideoTag} and {@link io.streaminglab.media.flv.AudioTag}
 * read the tag headers, legacy and Enhanced RTMP. For H.264, {@link
 * io.streaminglab.media.flv.AvcDecoderConfigurationRecord} reads the sequence header, {@link
 * io.streaminglab.media.flv.AvcSps} the picture size from its SPS, and {@link
 * io.streaminglab.media.flv.AvcNalUnits} splits coded frames into NAL units. For AAC, {@link
 * io.streaminglab.media.flv.AacAudioSpecificConfig} reads the sequence header and writes ADTS
 * headers.
 *
 * <p>Every parser treats its input as hostile: lengths are checked before use, nothing is
 * allocated from a declared size, and malformed input gives a {@link
 * io.streaminglab.media.flv.FlvException}. Nothing here does I/O or keeps state between calls.
 */
package io.streaminglab.media.flv;
