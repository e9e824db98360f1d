package io.streaminglab.packager;

import io.streaminglab.hls.MultivariantPlaylist;
import io.streaminglab.hls.VariantStream;
import io.streaminglab.media.flv.AvcDecoderConfigurationRecord;
import io.streaminglab.media.flv.AvcSps;
import io.streaminglab.media.flv.FlvException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * The packager's {@code live.m3u8}: a multivariant playlist whose one variant is its own {@code
 * index.m3u8}, described from the segments that playlist lists and nothing else, so that two
 * packagers with the same window write the same bytes.
 *
 * <ul>
 *   <li>BANDWIDTH is the highest segment bit rate in the window (bytes times 8 over the listed
 *       duration), AVERAGE-BANDWIDTH all bytes over all durations, both in bits per second
 *       rounded up (RFC 8216, section 4.3.4.2).</li>
 *   <li>CODECS, RESOLUTION: from the newest segment's AVC decoder configuration record (profile,
 *       compatibility and level bytes; the picture size its first SPS gives after cropping) and
 *       AAC AudioSpecificConfig, which is what a player joining at the live edge decodes.</li>
 *   <li>FRAME-RATE: from the median interval between video frames in the window. FLV timestamps
 *       are whole milliseconds, so 30 fps comes as intervals of 33 and 34 ms; the intervals
 *       within a millisecond of the median are averaged, which gives 30.000, not the 30.303 of
 *       33 ms alone, and 29.970 for 30000/1001.</li>
 * </ul>
 */
final class LiveVariant {
  static final String MEDIA_PLAYLIST = SegmentDirectory.PLAYLIST;
  static final int VERSION = 3;

  private LiveVariant() {}

  /** The playlist for a window listing {@code window}, oldest first; null for an empty one. */
  static MultivariantPlaylist playlist(Collection<SegmentProfile> window) {
    if (window.isEmpty()) {
      return null;
    }
    List<SegmentProfile> segments = List.copyOf(window);
    SegmentProfile newest = segments.get(segments.size() - 1);
    long average = averageBitRate(segments);
    VariantStream variant = new VariantStream(MEDIA_PLAYLIST, peakBitRate(segments),
        average < 0 ? null : average, resolution(newest.video()), codecs(newest),
        frameRate(segments), null);
    return new MultivariantPlaylist(VERSION, true, null, List.of(variant));
  }

  /** The highest bit rate of a segment, in bits per second rounded up; 0 when none lasts. */
  static long peakBitRate(Collection<SegmentProfile> segments) {
    long peak = 0;
    for (SegmentProfile segment : segments) {
      if (segment.durationMillis() > 0) {
        peak = Math.max(peak, ceilDiv(segment.bytes() * 8000, segment.durationMillis()));
      }
    }
    return peak;
  }

  /** All the bits over all the time, in bits per second rounded up; -1 when none lasts. */
  static long averageBitRate(Collection<SegmentProfile> segments) {
    long bytes = 0;
    long millis = 0;
    for (SegmentProfile segment : segments) {
      if (segment.durationMillis() > 0) {
        bytes += segment.bytes();
        millis += segment.durationMillis();
      }
    }
    return millis == 0 ? -1 : ceilDiv(bytes * 8000, millis);
  }

  /**
   * RFC 6381 codecs such as {@code avc1.64001f,mp4a.40.2}; the audio codec only when the
   * segment has audio; null without a video configuration.
   */
  static String codecs(SegmentProfile segment) {
    if (segment.video() == null) {
      return null;
    }
    String video = segment.video().codecString();
    return segment.audio() == null ? video : video + "," + segment.audio().codecString();
  }

  /** {@code WIDTHxHEIGHT} from the first SPS, or null when there is none that parses. */
  static String resolution(AvcDecoderConfigurationRecord video) {
    if (video == null || video.sequenceParameterSets().isEmpty()) {
      return null;
    }
    try {
      AvcSps sps = AvcSps.parse(video.sequenceParameterSets().get(0));
      return sps.width() + "x" + sps.height();
    } catch (FlvException e) {
      return null;
    }
  }

  /** Frames per second from the window's frame intervals, or null when it has none. */
  static Double frameRate(Collection<SegmentProfile> segments) {
    List<Integer> intervals = new ArrayList<>();
    for (SegmentProfile segment : segments) {
      intervals.addAll(segment.frameIntervals());
    }
    if (intervals.isEmpty()) {
      return null;
    }
    Collections.sort(intervals);
    int median = intervals.get(intervals.size() / 2);
    long sum = 0;
    long count = 0;
    for (int interval : intervals) {
      if (Math.abs(interval - median) <= 1) {
        sum += interval;
        count++;
      }
    }
    double rate = 1000.0 * count / sum;
    return rate < 1000 ? rate : null;
  }

  private static long ceilDiv(long dividend, long divisor) {
    return -Math.floorDiv(-dividend, divisor);
  }
}
