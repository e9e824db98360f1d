package io.streaminglab.packager;

import io.streaminglab.hls.MediaPlaylist;
import io.streaminglab.hls.MediaSegment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The live playlist's sliding window and the files that left it, a pure state machine driven by
 * an injected notion of now.
 *
 * <ul>
 *   <li>At most {@code size} segments are listed; the oldest leaves as a new one arrives, and
 *       EXT-X-MEDIA-SEQUENCE rises by one per segment that leaves, EXT-X-DISCONTINUITY-SEQUENCE
 *       by one whenever the segment that becomes first follows a discontinuity.</li>
 *   <li>EXT-X-TARGETDURATION starts at the target and only ever rises, to the rounded duration
 *       of a longer segment (a keyframe interval longer than the target), so that it is never
 *       below an EXTINF.</li>
 *   <li>A segment that left stays available for its own duration plus the duration of the
 *       playlist it was last listed in (RFC 8216, section 6.2.2); {@link #expired} then names it
 *       for deletion, and with it the init segment it needed once no segment listed or still
 *       available needs that one.</li>
 *   <li>Fragmented MP4 segments name their init segment (EXT-X-MAP), and the playlist is then
 *       of version 7.</li>
 * </ul>
 */
final class PlaylistWindow {
  private final int size;
  private final Deque<Listed> listed = new ArrayDeque<>();
  private final Deque<Removed> removed = new ArrayDeque<>();
  private long targetSeconds;
  private long discontinuitySequence;

  PlaylistWindow(int size, Duration target) {
    if (size < 3) {
      throw new IllegalArgumentException("window size < 3: " + size);
    }
    this.size = size;
    this.targetSeconds = Math.max(1, (target.toMillis() + 999) / 1000);
  }

  /**
   * Lists {@code segment}; a segment whose number does not follow the last one (the packager
   * restarted its numbering) clears the window first.
   *
   * @return whether the target duration had to rise for it
   */
  boolean add(Segment segment, Instant now) {
    if (!listed.isEmpty() && segment.sequence() != listed.peekLast().sequence + 1) {
      while (!listed.isEmpty()) {
        removeOldest(now);
      }
    }
    String init = segment.init() == null ? null : segment.init().fileName();
    listed.addLast(new Listed(segment.sequence(), segment.fileName(),
        new MediaSegment(segment.fileName(), segment.durationMillis() / 1000.0,
            segment.programDateTime(), segment.discontinuity() && !listedIsEmptyAfterStart(),
            init),
        segment.durationMillis()));
    while (listed.size() > size) {
      removeOldest(now);
    }
    long rounded = Math.round(segment.durationMillis() / 1000.0);
    if (rounded > targetSeconds) {
      targetSeconds = rounded;
      return true;
    }
    return false;
  }

  private boolean listedIsEmptyAfterStart() {
    // A discontinuity before the very first listed segment tells a player nothing.
    return listed.isEmpty() && removed.isEmpty() && discontinuitySequence == 0;
  }

  /** Records {@code fileName}, left by an earlier run, for deletion after a full window. */
  void adoptLeftover(String fileName, Instant now) {
    removed.addLast(new Removed(fileName, null, now.plusSeconds(targetSeconds * (size + 1))));
  }

  private void removeOldest(Instant now) {
    // The longest playlist that listed it is the one before the newest segment arrived.
    long playlistMillis = listed.stream().mapToLong(l -> l.durationMillis).sum()
        - listed.peekLast().durationMillis;
    Listed oldest = listed.removeFirst();
    // EXT-X-DISCONTINUITY-SEQUENCE numbers the first listed segment: it rises when the
    // segment that becomes first follows a discontinuity.
    if (!listed.isEmpty() && listed.peekFirst().segment.discontinuity()) {
      discontinuitySequence++;
    }
    removed.addLast(new Removed(oldest.fileName, oldest.segment.mapUri(),
        now.plusMillis(oldest.durationMillis + playlistMillis)));
  }

  /**
   * The files whose availability ended by {@code now}, and the init segments no file listed or
   * still available needs; they are forgotten once returned.
   */
  List<String> expired(Instant now) {
    List<String> names = new ArrayList<>();
    Set<String> inits = new LinkedHashSet<>();
    removed.removeIf(r -> {
      if (!now.isBefore(r.availableUntil)) {
        names.add(r.fileName);
        if (r.init != null) {
          inits.add(r.init);
        }
        return true;
      }
      return false;
    });
    // An init segment is deleted with the last file that needs it, and never while one does
    // (a restarted packager writes the same init segment its last run left).
    Set<String> needed = new HashSet<>();
    for (Listed l : listed) {
      needed.add(l.segment.mapUri());
    }
    for (Removed r : removed) {
      needed.add(r.init);
    }
    names.removeIf(needed::contains);
    inits.removeIf(needed::contains);
    inits.removeAll(names);
    names.addAll(inits);
    return names;
  }

  long targetSeconds() {
    return targetSeconds;
  }

  boolean isEmpty() {
    return listed.isEmpty();
  }

  MediaPlaylist playlist() {
    List<MediaSegment> segments = new ArrayList<>(listed.size());
    for (Listed l : listed) {
      // No tag on the first segment: EXT-X-DISCONTINUITY-SEQUENCE already counts it, and
      // players disagree on whether a tag there adds one more (hls.js does).
      segments.add(segments.isEmpty() ? l.segment.withDiscontinuity(false) : l.segment);
    }
    long mediaSequence = listed.isEmpty() ? 0 : listed.peekFirst().sequence;
    boolean fragmented = segments.stream().anyMatch(segment -> segment.mapUri() != null);
    int version = fragmented ? SegmentFormat.FMP4.playlistVersion()
        : SegmentFormat.TS.playlistVersion();
    return new MediaPlaylist(version, targetSeconds, mediaSequence, discontinuitySequence, true,
        false, segments);
  }

  private record Listed(long sequence, String fileName, MediaSegment segment,
      long durationMillis) {}

  /** A file that left the playlist, the init segment it needs (or null), and until when. */
  private record Removed(String fileName, String init, Instant availableUntil) {}
}
