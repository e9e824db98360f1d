package io.streaminglab.packager;

import io.streaminglab.fmp4.Fmp4InitSegment;
import io.streaminglab.fmp4.Fmp4Tracks;
import io.streaminglab.ingest.hub.ClockAnchor;
import io.streaminglab.ingest.hub.MediaFrame;
import io.streaminglab.media.flv.AacAudioSpecificConfig;
import io.streaminglab.media.flv.AudioTag;
import io.streaminglab.media.flv.AvcDecoderConfigurationRecord;
import io.streaminglab.media.flv.FlvException;
import io.streaminglab.media.flv.VideoTag;
import io.streaminglab.mpegts.TsStreams;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts one live stream into MPEG-TS or fragmented MP4 segments, epoch-locked: a pure state
 * machine whose output depends only on the frames and the session's {@link ClockAnchor}, so that
 * two packagers fed the same stream write the same segments, byte for byte, even when one starts
 * later.
 *
 * <p>Rules:
 * <ol>
 *   <li>The wall-clock time of a frame is the anchor's mapping of its timestamp; its bucket is
 *       {@code floor(wallClock / target)}.</li>
 *   <li>A video keyframe is a cut point when its bucket differs from the previous keyframe's, or
 *       when it is the session's first keyframe (within {@value #SESSION_START_TOLERANCE_MS} ms
 *       of the session's first frame). A segmenter that joins a session in progress does not
 *       know the keyframe before the first one it sees, so it starts at the next cut point: it
 *       loses at most one segment and never makes one the others do not. A stream without
 *       H.264 video makes no segments.</li>
 *   <li>Segments are never cut between keyframes: a keyframe interval longer than the target
 *       makes longer segments.</li>
 *   <li>The first segment of a session (and the first after lost frames) is numbered by its
 *       bucket; each next one adds 1. A number is therefore a function of the clock, not of
 *       this packager's history: two packagers fed by two ingests, one of which lost its
 *       publisher for a while (a discontinuity on that side only), number the same frames
 *       alike again from the first cut after it. The number jumps forward across the gap;
 *       the playlist window starts afresh there, and the switcher, which owns the sequence
 *       that players see, keeps its own contiguous. A session that resumes inside a bucket
 *       this segmenter has already written waits for the next cut rather than reuse a number
 *       for other frames. Two segmenters agree on numbers within a session when one joins
 *       later as long as every bucket since the other started had a cut (keyframe interval =
 *       target); otherwise the switcher sees them as unaligned origins.</li>
 *   <li>Timestamps are the wall-clock time in 90 kHz units (MPEG-TS wraps them at 33 bits, a
 *       fragment's tfdt does not), and the muxer's output is a function of the segment alone,
 *       hence identical bytes. A fragmented MP4 segment names its init segment, which depends
 *       on the sequence headers alone.</li>
 *   <li>Only segments ended by a cut are written: one open when its session ends (or when frames
 *       were lost) is dropped, so that no number is ever written with less than a packager with
 *       a steadier ingest wrote under it.</li>
 * </ol>
 */
public final class Segmenter {
  static final long SESSION_START_TOLERANCE_MS = 500;
  private static final Logger log = LoggerFactory.getLogger(Segmenter.class);

  private final long targetMillis;
  private final SegmentFormat format;

  private ClockAnchor anchor;
  private AvcDecoderConfigurationRecord avcConfig;
  private AacAudioSpecificConfig aacConfig;
  /** The configurations as sent, which fragmented MP4 carries byte for byte. */
  private byte[] avcConfigBytes;
  private byte[] aacConfigBytes;
  /** The last init segment and the tracks it was written for. */
  private Fmp4Tracks initTracks;
  private InitSegment init;
  private long previousKeyframeBucket = Long.MIN_VALUE;
  private boolean sawFirstKeyframe;
  private long sessionFirstTimestamp;

  private long nextSequence = -1;
  private boolean discontinuityPending;
  private boolean sessionSeen;

  private SegmentMuxer writer;
  private InitSegment segmentInit;
  private long segmentSequence;
  private long segmentStartTimestamp;
  private boolean segmentDiscontinuity;
  private boolean segmentHasAudio;
  private boolean renumberFromClock;
  private boolean unsupportedCodecLogged;
  private boolean emptyConfigLogged;

  /** A segmenter of MPEG-TS segments. */
  public Segmenter(Duration target) {
    this(target, SegmentFormat.TS);
  }

  public Segmenter(Duration target, SegmentFormat format) {
    if (target.toMillis() < 100) {
      throw new IllegalArgumentException("target duration < 100 ms: " + target);
    }
    this.targetMillis = target.toMillis();
    this.format = Objects.requireNonNull(format, "format == null");
  }

  /** The target duration in milliseconds. */
  public long targetMillis() {
    return targetMillis;
  }

  /**
   * A new publish session: its frames are timed by {@code sessionAnchor}. A segment still open
   * is dropped, as at {@link #onSessionEnd()}; the list returned is empty.
   */
  public List<Segment> onSessionStart(ClockAnchor sessionAnchor) {
    writer = null;
    if (sessionSeen) {
      discontinuityPending = true;
    }
    sessionSeen = true;
    renumberFromClock = true;
    anchor = sessionAnchor;
    avcConfig = null;
    aacConfig = null;
    avcConfigBytes = null;
    aacConfigBytes = null;
    previousKeyframeBucket = Long.MIN_VALUE;
    sawFirstKeyframe = false;
    sessionFirstTimestamp = sessionAnchor.timestamp();
    return List.of();
  }

  /**
   * The publisher left: the open segment is dropped, not cut short. In a redundant chain the
   * other packager, whose ingest kept the publisher, writes that number whole; a short copy
   * under the same name would skip content for whoever fetches it. Alone, a packager loses at
   * most one target duration at the end of a publish, which its viewers were about to stall at
   * anyway. The list returned is empty.
   */
  public List<Segment> onSessionEnd() {
    writer = null;
    anchor = null;
    discontinuityPending = true;
    return List.of();
  }

  /**
   * Frames were lost (the packager fell behind): the open segment is dropped, and segmenting
   * resumes at the next cut point after a discontinuity, as for a packager that joins late.
   */
  public void resynchronize() {
    writer = null;
    renumberFromClock = true;
    discontinuityPending = true;
    sawFirstKeyframe = false;
    sessionFirstTimestamp = Long.MIN_VALUE / 2;
  }

  /** One frame of the current session; returns the segments it finished (none or one). */
  public List<Segment> onFrame(MediaFrame frame) {
    if (anchor == null) {
      return List.of();
    }
    List<Segment> out = new ArrayList<>(1);
    try {
      switch (frame.kind()) {
        case VIDEO:
          onVideo(frame, out);
          break;
        case AUDIO:
          onAudio(frame, out);
          break;
        default:
          break;
      }
    } catch (FlvException e) {
      log.warn("Skipped a malformed {} frame at {} ms: {}", frame.kind(), frame.timestamp(),
          e.getMessage());
    }
    return out;
  }

  private void onVideo(MediaFrame frame, List<Segment> out) {
    VideoTag tag = VideoTag.parse(frame.body());
    if (!tag.isAvc()) {
      if (!unsupportedCodecLogged) {
        unsupportedCodecLogged = true;
        log.warn("Video codec {} is not packaged (H.264 only); the segments carry audio alone",
            tag.fourCc().isEmpty() ? "id " + tag.codecId() : tag.fourCc());
      }
      return;
    }
    byte[] body = frame.body();
    if (tag.isSequenceHeader()) {
      if (body.length == tag.payloadOffset()) {
        if (!emptyConfigLogged) {
          emptyConfigLogged = true;
          log.warn("The publisher sent an empty H.264 sequence header, so nothing can be "
              + "packaged until it sends a real one; with ffmpeg's tee muxer add -flags:v "
              + "+global_header.");
        }
        return;
      }
      avcConfig = AvcDecoderConfigurationRecord.parse(body, tag.payloadOffset(),
          body.length - tag.payloadOffset());
      avcConfigBytes = Arrays.copyOfRange(body, tag.payloadOffset(), body.length);
      return;
    }
    if (avcConfig == null || tag.isEndOfSequence()) {
      return;
    }
    if (frame.keyframe()) {
      long bucket = bucket(frame.timestamp());
      boolean cut = sawFirstKeyframe
          ? bucket != previousKeyframeBucket
          : frame.timestamp() - sessionFirstTimestamp <= SESSION_START_TOLERANCE_MS;
      if (renumberFromClock && bucket < nextSequence) {
        cut = false;
      }
      sawFirstKeyframe = true;
      previousKeyframeBucket = bucket;
      if (cut) {
        finishSegment(out, frame.timestamp());
        startSegment(frame.timestamp());
      }
    }
    if (writer == null) {
      return;
    }
    long wallClock = anchor.wallClockAt(frame.timestamp());
    writer.writeVideo(wallClock * 90, (wallClock + frame.compositionOffset()) * 90,
        frame.keyframe(), body, tag.payloadOffset(), body.length - tag.payloadOffset());

  }

  private void onAudio(MediaFrame frame, List<Segment> out) {
    AudioTag tag = AudioTag.parse(frame.body());
    if (!tag.isAac()) {
      return;
    }
    byte[] body = frame.body();
    if (tag.isSequenceHeader()) {
      aacConfig = AacAudioSpecificConfig.parse(body, tag.payloadOffset(),
          body.length - tag.payloadOffset());
      aacConfigBytes = Arrays.copyOfRange(body, tag.payloadOffset(), body.length);
      return;
    }
    if (aacConfig == null) {
      return;
    }
    if (writer == null || !segmentHasAudio) {
      return;
    }
    long wallClock = anchor.wallClockAt(frame.timestamp());
    writer.writeAudio(wallClock * 90, body, tag.payloadOffset(),
        body.length - tag.payloadOffset());
  }

  private void startSegment(long timestamp) {
    if (format == SegmentFormat.FMP4) {
      Fmp4Tracks tracks = Fmp4Tracks.of(avcConfigBytes, aacConfigBytes);
      if (!tracks.equals(initTracks)) {
        initTracks = tracks;
        init = InitSegment.of(Fmp4InitSegment.write(tracks));
      }
      writer = SegmentMuxer.fmp4(tracks);
      segmentInit = init;
    } else {
      writer = SegmentMuxer.ts(aacConfig == null ? TsStreams.videoOnly(avcConfig)
          : TsStreams.of(avcConfig, aacConfig));
      segmentInit = null;
    }
    segmentHasAudio = aacConfig != null;
    // After a gap the clock's number keeps this packager aligned with one that saw none;
    // the playlist window starts afresh when the number jumps.
    segmentSequence = renumberFromClock ? bucket(timestamp) : nextSequence;
    renumberFromClock = false;
    nextSequence = segmentSequence + 1;
    segmentStartTimestamp = timestamp;
    segmentDiscontinuity = discontinuityPending;
    discontinuityPending = false;
  }

  private void finishSegment(List<Segment> out, long endTimestamp) {
    if (writer == null) {
      return;
    }
    byte[] bytes = writer.finish(segmentSequence, anchor.wallClockAt(endTimestamp) * 90);
    writer = null;
    Instant start = Instant.ofEpochMilli(anchor.wallClockAt(segmentStartTimestamp));
    out.add(new Segment(segmentSequence, start, Math.max(0, endTimestamp - segmentStartTimestamp),
        segmentDiscontinuity, bytes, format, segmentInit));
  }

  private long bucket(long timestamp) {
    return Math.floorDiv(anchor.wallClockAt(timestamp), targetMillis);
  }
}
