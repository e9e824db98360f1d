/**
 * An MPEG-TS (ISO/IEC 13818-1) muxer for HLS media segments carrying H.264 and AAC.
 *
 * <p>{@link io.streaminglab.mpegts.TsSegmentWriter} writes one segment at a time from the
 * frames of an FLV or RTMP stream, described by {@link io.streaminglab.mpegts.TsStreams}. A
 * segment's bytes depend on its frames alone, never on what was written before, so that two
 * packagers fed the same frames write identical segments. Everything else in this package is
 * package-private, one concern a class: CRC and PSI sections, PES headers, the program clock,
 * H.264 Annex B access units, AAC frame grouping, packet planning and packetization.
 *
 * <p>Nothing here does I/O or keeps state between segments.
 */
package io.streaminglab.mpegts;
