/**
 * A fragmented MP4 (ISO/IEC 14496-12, CMAF ISO/IEC 23000-19) muxer for HLS carrying H.264 and
 * AAC: the init segment of a stream ({@link io.streaminglab.fmp4.Fmp4InitSegment}, from its
 * {@link io.streaminglab.fmp4.Fmp4Tracks}) and its movie fragments ({@link
 * io.streaminglab.fmp4.Fmp4FragmentWriter}), one per segment or per low-latency part.
 *
 * <p>As with the MPEG-TS muxer, bytes depend on their input alone (no clock, no random
 * identifier, no state between fragments), so that two packagers fed the same frames write
 * identical files. Nothing here does I/O.
 */
package io.streaminglab.fmp4;
