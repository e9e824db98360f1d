package io.streaminglab.packager;

import io.streaminglab.ingest.hub.ClockAnchor;
import io.streaminglab.ingest.hub.MediaFrame;
import io.streaminglab.media.flv.AacAudioSpecificConfig;
import io.streaminglab.media.flv.AudioTag;
import io.streaminglab.media.flv.AvcDecoderConfigurationRecord;
import io.streaminglab.media.flv.FlvException;
import io.streaminglab.media.flv.VideoTag;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Watches the frames a {@link Segmenter} is given and says, for each segment it finishes, which
 * codec configurations and frame timing it holds: a pure state machine on the packager's thread.
 *
 * <ol>
 *   <li>Feed it what the segmenter is fed, in the same order: {@link #onSessionStart}, {@link
 *       #onFrame}, {@link #onSessionEnd}.
 *   <li>Give each list of segments the segmenter returned to {@link #describe} before the event
 *       that made it is fed here: a segment is finished by the first frame of the next one.
 * </ol>
 *
 * <p>A segment's frames are the video frames whose wall-clock time lies in its span, which is
 * how the segmenter cut it; their configuration is the one in force at its first frame, as the
 * segmenter's muxer had it. Frames no segment claims (before a packager's first cut point, or
 * dropped by a resynchronisation) are forgotten; at most {@value #MAX_FRAMES} are held.
 */
final class SegmentProfiler {
  /** About 4.5 minutes at 30 frames a second: a segment longer than that loses its oldest. */
  static final int MAX_FRAMES = 8192;

  private ClockAnchor anchor;
  private AvcDecoderConfigurationRecord video;
  private AacAudioSpecificConfig audio;
  private final Deque<Seen> frames = new ArrayDeque<>();

  void onSessionStart(ClockAnchor sessionAnchor) {
    anchor = sessionAnchor;
    video = null;
    audio = null;
  }

  void onSessionEnd() {
    anchor = null;
  }

  void onFrame(MediaFrame frame) {
    if (anchor == null) {
      return;
    }
    try {
      if (frame.kind() == MediaFrame.Kind.VIDEO) {
        onVideo(frame);
      } else if (frame.kind() == MediaFrame.Kind.AUDIO) {
        onAudio(frame);
      }
    } catch (FlvException e) {
      // The segmenter skips and logs the same malformed frame.
    }
  }

  private void onVideo(MediaFrame frame) {
    VideoTag tag = VideoTag.parse(frame.body());
    if (!tag.isAvc()) {
      return;
    }
    byte[] body = frame.body();
    if (tag.isSequenceHeader()) {
      video = AvcDecoderConfigurationRecord.parse(body, tag.payloadOffset(),
          body.length - tag.payloadOffset());
      return;
    }
    if (video == null || tag.isEndOfSequence()) {
      return;
    }
    if (frames.size() == MAX_FRAMES) {
      frames.removeFirst();
    }
    frames.addLast(new Seen(anchor.wallClockAt(frame.timestamp()), video, audio));
  }

  private void onAudio(MediaFrame frame) {
    AudioTag tag = AudioTag.parse(frame.body());
    if (tag.isAac() && tag.isSequenceHeader()) {
      byte[] body = frame.body();
      audio = AacAudioSpecificConfig.parse(body, tag.payloadOffset(),
          body.length - tag.payloadOffset());
    }
  }

  /** The profiles of {@code segments}, just finished, in the same order. */
  List<SegmentProfile> describe(List<Segment> segments) {
    List<SegmentProfile> profiles = new ArrayList<>(segments.size());
    for (Segment segment : segments) {
      profiles.add(describe(segment));
    }
    return profiles;
  }

  private SegmentProfile describe(Segment segment) {
    long start = segment.programDateTime().toEpochMilli();
    long end = start + segment.durationMillis();
    while (!frames.isEmpty() && frames.peekFirst().wallClockMillis < start) {
      frames.removeFirst();
    }
    Seen first = frames.peekFirst();
    List<Integer> intervals = new ArrayList<>();
    long previous = Long.MIN_VALUE;
    while (!frames.isEmpty() && frames.peekFirst().wallClockMillis < end) {
      long at = frames.removeFirst().wallClockMillis;
      if (previous != Long.MIN_VALUE && at > previous) {
        intervals.add((int) Math.min(Integer.MAX_VALUE, at - previous));
      }
      previous = at;
    }
    if (previous != Long.MIN_VALUE && end > previous) {
      // The last frame lasts until the next segment's first: leaving that interval out would
      // make 2.002 s of 29.97 fps look like 29.964.
      intervals.add((int) Math.min(Integer.MAX_VALUE, end - previous));
    }
    return first == null || first.wallClockMillis >= end
        ? new SegmentProfile(segment.sequence(), segment.bytes().length,
            segment.durationMillis(), video, audio, intervals)
        : new SegmentProfile(segment.sequence(), segment.bytes().length,
            segment.durationMillis(), first.video, first.audio, intervals);
  }

  /** One video frame: its wall-clock time and the configurations in force when it came. */
  private record Seen(long wallClockMillis, AvcDecoderConfigurationRecord video,
      AacAudioSpecificConfig audio) {}
}
