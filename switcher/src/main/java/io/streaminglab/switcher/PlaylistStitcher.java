package io.streaminglab.switcher;

import io.streaminglab.hls.MediaPlaylist;
import io.streaminglab.hls.MediaSegment;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Builds the one live playlist players see from the origins' playlists, a pure state machine.
 *
 * <p>Guarantees: the media sequence never falls or jumps; a sequence number keeps its name and
 * content for good; the target duration only ever rises (from the first playlist's); every
 * segment has a program date-time; EXT-X-DISCONTINUITY marks exactly the places where content is
 * discontinuous (the origin marked one, or a splice between unaligned origins), and
 * EXT-X-DISCONTINUITY-SEQUENCE follows as the window slides.
 *
 * <p>Two stitchers in front of the same aligned origins write the same playlist, however much
 * later one started: the output starts at the origin's sequence and discontinuity sequence
 * numbers and takes each number from either origin, so nothing in it depends on this
 * stitcher's history. A splice (unaligned origins) is history: stitchers that saw different
 * splices number differently from then on, and players moving between them rely on dates.
 *
 * <p>How segments are chosen:
 * <ol>
 *   <li>Aligned origins (the same names and dates under the same sequence numbers, as two
 *       epoch-locked packagers write) share one numbering: the output takes the next number
 *       from whichever origin has it, the active one first, so a stale active origin is
 *       invisible even before the failover, and each segment can be fetched from both.</li>
 *   <li>When the active origin's numbering is not the one followed (a switch to an unaligned
 *       origin, or an origin that restarted its numbering), the output splices by program
 *       date-time: it continues with the active origin's segment that starts nearest the end of
 *       the last output segment, marked as a discontinuity, so that nothing is lost or repeated
 *       beyond the mismatch of the two origins' cut points.</li>
 *   <li>A segment only one origin can serve (no per-request fallback) is taken only once its
 *       bytes were fetched whole; until then the output waits for it and {@link #awaiting()}
 *       names it, so that a truncated segment is never published (see {@link VettedSegments}
 *       for why waiting, and not serving the other origin's segment of that date, is right).
 *       </li>
 * </ol>
 */
public final class PlaylistStitcher {
  private final int windowSize;
  private final Deque<OutputSegment> window = new ArrayDeque<>();
  private long targetSeconds;
  private long discontinuitySequence;

  /** Segments bridged from the previous origin while the active one cannot be spliced. */
  private static final int MAX_BRIDGED = 2;
  private int bridged;

  /** The origin whose numbering the output follows, and its last segment taken. */
  private Origin line;
  private long lineSequence;
  private String lineName;
  private Instant lineDate;

  /** What another switcher of the chain served when this one started, or null. */
  private MediaPlaylist peer;

  /** During an update: whether a single-source segment's bytes are known whole. */
  private Predicate<URI> whole = uri -> true;
  /** The segments the last update stopped at, for want of their bytes. */
  private final List<OutputSegment.Source> awaiting = new ArrayList<>();

  public PlaylistStitcher(int windowSize) {
    if (windowSize < 3) {
      throw new IllegalArgumentException("windowSize < 3: " + windowSize);
    }
    this.windowSize = windowSize;
  }

  /**
   * Before the first update: the playlist another switcher of the chain serves, so that this
   * one, started later, numbers its segments and discontinuities as that one does even after
   * that one spliced or its origins' discontinuity counts drifted apart (a packager that lost
   * its ingest for a while counts one more than the other). Taken only where its segments are
   * the active origin's by date and duration; otherwise the output starts from the origin's
   * numbering as without it.
   */
  public void adopt(MediaPlaylist peerPlaylist) {
    if (window.isEmpty()) {
      this.peer = peerPlaylist;
    }
  }

  /**
   * Brings the output up to date with the origins' latest playlists.
   *
   * @param active the active origin
   * @param playlists each origin's last playlist (null when it has none), by origin ordinal
   * @param bases each origin's playlist URL, against which segment URIs resolve
   * @param whole whether the bytes at a URI were fetched whole: a segment only one origin can
   *     serve is taken only then
   * @return the segments added
   */
  public List<OutputSegment> update(Origin active, MediaPlaylist[] playlists, URI[] bases,
      Predicate<URI> whole) {
    this.whole = Objects.requireNonNull(whole, "whole == null");
    awaiting.clear();
    MediaPlaylist activePlaylist = playlists[active.ordinal()];
    MediaPlaylist otherPlaylist = playlists[active.other().ordinal()];
    List<OutputSegment> added = new ArrayList<>();
    if (activePlaylist == null || activePlaylist.segments().isEmpty()) {
      return added;
    }
    boolean aligned = otherPlaylist != null && aligned(activePlaylist, otherPlaylist);
    if (targetSeconds == 0) {
      targetSeconds = Math.max(1, activePlaylist.targetDurationSeconds());
    }
    if (window.isEmpty()) {
      start(active, activePlaylist, aligned ? otherPlaylist : null, bases, added);
      return added;
    }
    if (line != active && (aligned || sameNumbering(activePlaylist))) {
      // Aligned origins share one numbering: follow the active one from the same number.
      line = active;
    }
    // The other origin shares the numbering followed: its segments continue the output too,
    // also once a dead active origin's last playlist no longer overlaps it.
    boolean otherShares = otherPlaylist != null && (aligned || sameNumbering(otherPlaylist));
    boolean continuing = line == active && (continues(activePlaylist)
        || (otherShares && continues(otherPlaylist)));
    if (!continuing) {
      boolean relaxed = bridged >= MAX_BRIDGED;
      if (!splice(active, activePlaylist, bases, added, relaxed)) {
        // The newly active origin has nothing after the output's end yet (or its bytes are
        // not here yet). Until it has, the origin followed so far (healthy again after a
        // switch back) keeps the output growing, so that waiting for the splice point never
        // drains a player's buffer.
        MediaPlaylist linePlaylist = line == null ? null : playlists[line.ordinal()];
        if (line != active && linePlaylist != null && continues(linePlaylist)) {
          bridged += appendFollowing(line, linePlaylist, null, bases, added);
        }
        return added;
      }
      // The output now follows the active origin's own numbering; the other shares it only
      // when the two are aligned, however well it matched the numbering left behind.
      otherShares = aligned;
    }
    bridged = 0;
    appendFollowing(active, activePlaylist, otherShares ? otherPlaylist : null, bases, added);
    return added;
  }

  /**
   * Whether {@code playlist} numbers like the line followed so far, even when the two
   * playlists no longer overlap (a dead origin's last playlist is long gone by the time the
   * other becomes active): it names the last number taken alike, or its next number starts
   * exactly where the output ends.
   */
  private boolean sameNumbering(MediaPlaylist playlist) {
    MediaSegment same = playlist.segment(lineSequence);
    if (same != null) {
      return isLast(same);
    }
    MediaSegment next = playlist.segment(lineSequence + 1);
    return next != null && next.programDateTime() != null
        && next.programDateTime().equals(window.peekLast().end());
  }

  /**
   * Whether {@code segment}, listed under the last number taken, is the segment taken: the same
   * file name and, where both have one, the same date. Two chains that name segments alike by
   * the clock but cut them at other instants (two encoders, or one without its clock) differ
   * in the date, and must be spliced, not mixed.
   */
  private boolean isLast(MediaSegment segment) {
    return OriginAlignment.fileName(segment.uri()).equals(lineName)
        && (segment.programDateTime() == null || lineDate == null
            || segment.programDateTime().equals(lineDate));
  }

  /** Whether the followed numbering still names, under the last number taken, what we took. */
  private boolean continues(MediaPlaylist playlist) {
    MediaSegment same = playlist.segment(lineSequence);
    if (same != null) {
      return isLast(same);
    }
    // The last one we took slid out: the next must be first, or segments were missed. A
    // playlist that ends before it was renumbered (or is older): both go to the splice.
    return playlist.mediaSequence() == lineSequence + 1;
  }

  private void start(Origin active, MediaPlaylist playlist, MediaPlaylist alignedOther,
      URI[] bases, List<OutputSegment> added) {
    List<MediaSegment> segments = playlist.segments();
    int first = Math.max(0, segments.size() - windowSize);
    // The origin's count of discontinuities before our first segment, so that a switcher
    // started later than another in front of the same origins numbers them alike.
    long discontinuities = playlist.discontinuitySequence();
    for (int i = 1; i <= first; i++) {
      if (segments.get(i).discontinuity()) {
        discontinuities++;
      }
    }
    discontinuitySequence = discontinuities;
    long offset = 0;
    PeerMatch match = peer == null ? null : PeerMatch.of(peer, playlist, first);
    peer = null;
    if (match != null) {
      first = match.firstIndex();
      offset = match.offset();
      discontinuitySequence = match.discontinuitySequence();
    }
    Instant previousEnd = null;
    for (int i = first; i < segments.size(); i++) {
      long sourceSequence = playlist.mediaSequence() + i;
      MediaSegment segment = segments.get(i);
      // Where the peer lists it, the peer's mark: its splices are part of the numbering.
      boolean discontinuity = i > first && (match != null && match.covers(i)
          ? match.discontinuity(i) : segment.discontinuity());
      List<OutputSegment.Source> sources =
          sources(active, segment, bases, alignedOther, sourceSequence);
      if (!servable(sources)) {
        await(active, playlist, sourceSequence, bases);
        return;
      }
      OutputSegment out = output(sourceSequence + offset, segment, discontinuity, previousEnd,
          sources);
      append(out, added);
      previousEnd = out.end();
      remember(active, sourceSequence, segment);
    }
  }

  private int appendFollowing(Origin active, MediaPlaylist playlist, MediaPlaylist alignedOther,
      URI[] bases, List<OutputSegment> added) {
    int count = 0;
    while (true) {
      long next = lineSequence + 1;
      MediaSegment segment = playlist.segment(next);
      Origin from = active;
      if (segment == null && alignedOther != null) {
        segment = alignedOther.segment(next);
        from = active.other();
      }
      if (segment == null) {
        return count;
      }
      MediaPlaylist otherOfFrom = from == active ? alignedOther : playlist;
      List<OutputSegment.Source> sources = sources(from, segment, bases, otherOfFrom, next);
      if (!servable(sources)) {
        await(from, from == active ? playlist : alignedOther, next, bases);
        return count;
      }
      count++;
      OutputSegment last = window.peekLast();
      OutputSegment out = output(last.sequence() + 1, segment, segment.discontinuity(),
          last.end(), sources);
      append(out, added);
      // Taken from either origin, the number belongs to the shared numbering followed.
      remember(line, next, segment);
    }
  }

  /**
   * Continues with the active origin's segment that starts nearest the end of the output, as a
   * discontinuity. Returns false when the active origin has nothing after that end yet.
   */
  private boolean splice(Origin active, MediaPlaylist playlist, URI[] bases,
      List<OutputSegment> added, boolean relaxed) {
    Instant end = window.peekLast().end();
    List<MediaSegment> segments = playlist.segments();
    int chosen = -1;
    for (int i = 0; i < segments.size(); i++) {
      MediaSegment segment = segments.get(i);
      if (segment.programDateTime() == null) {
        continue;
      }
      Duration half = Duration.ofMillis(Math.round(segment.durationSeconds() * 500));
      if (segment.programDateTime().isAfter(end.minus(half))) {
        chosen = i;
        break;
      }
    }
    if (chosen < 0 && relaxed) {
      // Origins whose dates disagree with the content (a muxer that dates segments by its
      // own start) can keep the splice point always a segment ahead: after a few bridged
      // segments, splice at the newest segment the active origin has.
      for (int i = segments.size() - 1; i >= 0 && chosen < 0; i--) {
        if (segments.get(i).programDateTime() != null) {
          chosen = i;
        }
      }
    }
    if (chosen < 0) {
      boolean noDates = segments.stream().allMatch(s -> s.programDateTime() == null);
      if (!noDates) {
        return false;
      }
      // Without dates, the best guess is where a player joining now would start.
      chosen = Math.max(0, segments.size() - 3);
    }
    long sourceSequence = playlist.mediaSequence() + chosen;
    MediaSegment segment = segments.get(chosen);
    List<OutputSegment.Source> sources = List.of(
        new OutputSegment.Source(active, bases[active.ordinal()].resolve(segment.uri())));
    if (!servable(sources)) {
      await(active, playlist, sourceSequence, bases);
      return false;
    }
    OutputSegment last = window.peekLast();
    OutputSegment out = output(last.sequence() + 1, segment, true, last.end(), sources);
    append(out, added);
    remember(active, sourceSequence, segment);
    return true;
  }

  /** Whether a segment can be published: another source to fall back to, or bytes known whole. */
  private boolean servable(List<OutputSegment.Source> sources) {
    return sources.size() > 1 || whole.test(sources.get(0).uri());
  }

  /**
   * Notes that the output waits for {@code origin}'s segment {@code from}: it, and the ones
   * after it in the same playlist (a window's worth), are to be fetched whole.
   */
  private void await(Origin origin, MediaPlaylist playlist, long from, URI[] bases) {
    long to = Math.min(playlist.lastSequence(), from + windowSize - 1);
    for (long n = from; n <= to; n++) {
      URI uri = bases[origin.ordinal()].resolve(playlist.segment(n).uri());
      if (!whole.test(uri)) {
        awaiting.add(new OutputSegment.Source(origin, uri));
      }
    }
  }

  /**
   * The segments the last {@link #update} could not take because their bytes are not known
   * whole yet, first the one it stopped at: fetch them, then update again.
   */
  public List<OutputSegment.Source> awaiting() {
    return List.copyOf(awaiting);
  }

  private void remember(Origin origin, long sequence, MediaSegment segment) {
    line = origin;
    lineSequence = sequence;
    lineName = OriginAlignment.fileName(segment.uri());
    lineDate = segment.programDateTime();
  }

  private static List<OutputSegment.Source> sources(Origin from, MediaSegment segment,
      URI[] bases, MediaPlaylist alignedOther, long sequence) {
    List<OutputSegment.Source> sources = new ArrayList<>(2);
    sources.add(new OutputSegment.Source(from, bases[from.ordinal()].resolve(segment.uri())));
    if (alignedOther != null && alignedOther.segment(sequence) != null) {
      sources.add(new OutputSegment.Source(from.other(),
          bases[from.other().ordinal()].resolve(alignedOther.segment(sequence).uri())));
    }
    return sources;
  }

  private static OutputSegment output(long sequence, MediaSegment segment, boolean discontinuity,
      Instant previousEnd, List<OutputSegment.Source> sources) {
    Instant date = segment.programDateTime() != null ? segment.programDateTime()
        : previousEnd != null ? previousEnd : Instant.EPOCH;
    return new OutputSegment(sequence, segment.durationSeconds(), date, discontinuity, sources);
  }

  private void append(OutputSegment segment, List<OutputSegment> added) {
    window.addLast(segment);
    added.add(segment);
    targetSeconds = Math.max(targetSeconds, Math.round(segment.durationSeconds()));
    while (window.size() > windowSize) {
      window.removeFirst();
      if (window.peekFirst().discontinuity()) {
        discontinuitySequence++;
      }
    }
  }

  /**
   * Whether two playlists number the same segments alike: wherever both list a sequence number,
   * the file name and the date agree. Playlists that share no number are not known to be.
   */
  static boolean aligned(MediaPlaylist a, MediaPlaylist b) {
    return OriginAlignment.judge(a, b).aligned();
  }

  /** The output playlist, or null before the first segment. */
  public MediaPlaylist playlist() {
    if (window.isEmpty()) {
      return null;
    }
    List<io.streaminglab.hls.MediaSegment> segments = new ArrayList<>(window.size());
    for (OutputSegment s : window) {
      // No tag on the first segment: EXT-X-DISCONTINUITY-SEQUENCE already counts it, and
      // players disagree on whether a tag there adds one more (hls.js does).
      segments.add(new MediaSegment(s.name(), s.durationSeconds(), s.programDateTime(),
          s.discontinuity() && !segments.isEmpty()));
    }
    return new MediaPlaylist(3, targetSeconds, window.peekFirst().sequence(),
        discontinuitySequence, true, false, segments);
  }

  /** The output segment numbered {@code sequence} while it is in the window, or null. */
  public OutputSegment segment(long sequence) {
    for (OutputSegment s : window) {
      if (s.sequence() == sequence) {
        return s;
      }
    }
    return null;
  }

  /** The origin whose numbering the output follows now, or null before the first segment. */
  public Origin line() {
    return line;
  }

  /**
   * Where a peer switcher's playlist and the active origin's agree: the longest run of origin
   * segments, ending at the newest one the peer lists, that the peer lists under consecutive
   * numbers with the same dates and durations.
   *
   * @param firstIndex the origin playlist index the output starts at
   * @param offset the peer's number minus the origin's, over the run
   * @param discontinuitySequence the peer's discontinuity sequence number of that first segment
   * @param marks the peer's EXT-X-DISCONTINUITY on each segment of the run, from the first
   */
  record PeerMatch(int firstIndex, long offset, long discontinuitySequence, List<Boolean> marks) {
    boolean covers(int originIndex) {
      return originIndex >= firstIndex && originIndex < firstIndex + marks.size();
    }

    boolean discontinuity(int originIndex) {
      return marks.get(originIndex - firstIndex);
    }

    static PeerMatch of(MediaPlaylist peer, MediaPlaylist origin, int earliest) {
      List<MediaSegment> ours = origin.segments();
      List<MediaSegment> theirs = peer.segments();
      for (int k = ours.size() - 1; k >= earliest; k--) {
        int j = indexOf(theirs, ours.get(k));
        if (j < 0) {
          continue;
        }
        int i = k;
        while (i - 1 >= earliest && j - (k - i) - 1 >= 0
            && same(ours.get(i - 1), theirs.get(j - (k - i) - 1))) {
          i--;
        }
        int peerIndex = j - (k - i);
        long discontinuities = peer.discontinuitySequence();
        for (int n = 1; n <= peerIndex; n++) {
          if (theirs.get(n).discontinuity()) {
            discontinuities++;
          }
        }
        long offset = peer.mediaSequence() + peerIndex - (origin.mediaSequence() + i);
        List<Boolean> marks = new ArrayList<>();
        for (int n = peerIndex; n <= j; n++) {
          marks.add(theirs.get(n).discontinuity());
        }
        return new PeerMatch(i, offset, discontinuities, List.copyOf(marks));
      }
      return null;
    }

    private static int indexOf(List<MediaSegment> segments, MediaSegment wanted) {
      for (int j = segments.size() - 1; j >= 0; j--) {
        if (same(segments.get(j), wanted)) {
          return j;
        }
      }
      return -1;
    }

    /** The same segment by its date and duration: the names differ (seg-N on a switcher). */
    private static boolean same(MediaSegment a, MediaSegment b) {
      return a.programDateTime() != null && a.programDateTime().equals(b.programDateTime())
          && Math.abs(a.durationSeconds() - b.durationSeconds()) < 0.0005;
    }
  }
}
