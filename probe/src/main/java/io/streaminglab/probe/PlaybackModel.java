package io.streaminglab.probe;

import io.streaminglab.hls.MediaPlaylist;
import io.streaminglab.hls.MediaSegment;
import io.streaminglab.probe.ProbeEvent.Type;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What a live HLS player decides and what its viewer sees, without any I/O: the
 * {@link PlayerProbe} (or a test) tells it about loaded playlists and fetched segments, and it
 * says what to fetch next and when, while it keeps the score. Time comes only from the injected
 * clock; it is single-threaded.
 *
 * <ol>
 *   <li>The first playlist with segments sets the start position {@code liveSyncSegments} from
 *       the live edge (hls.js's {@code liveSyncDurationCount}), or its first segment when it has
 *       EXT-X-ENDLIST.
 *   <li>Segments are fetched one at a time, each sequence number once, in order. A failed one
 *       is tried again after {@code retryDelay}, up to {@code segmentRetries} times, while that
 *       is before its deadline (when it would be needed: the buffer then, or one target duration
 *       after its first try, whichever is later); then it is lost.
 *   <li>Each fetched segment adds its EXTINF to the buffer. Playback starts when the segments
 *       listed from the start position at the first load are buffered; from then the buffer
 *       drains in real time, and a stall begins the instant it is empty and ends when the next
 *       segment arrives. A dry spell shorter than {@link #MIN_STALL} is not a stall: it is
 *       neither counted nor reported, and its time is not stall time.
 *   <li>Each load is compared with what earlier loads said: regressions, lost and repeated
 *       segments, discontinuities, discontinuity sequence mismatches and program date-time gaps
 *       are counted and reported as {@link ProbeEvent}s.
 *   <li>A playlist is stale when a load sent {@link #STALE_TARGETS} target durations or more
 *       after the load that first listed its last segment still ends there (the bound the
 *       architecture and the HLS spec give); {@link #playlistStale()} says so.
 *   <li>{@link #sourceChanged()}: the player moved to another URI of the same stream. The
 *       playlist is loaded again at once, and no segment is asked for until it arrives; then
 *       playback goes on by media sequence number, so nothing is repeated or skipped, and the
 *       first load is not compared with the old source's for regressions or renamed segments.
 * </ol>
 */
public final class PlaybackModel {
  /** Program date-times may drift this much beyond a segment's duration before it is a gap. */
  static final Duration PDT_TOLERANCE = Duration.ofMillis(500);
  /**
   * The shortest empty buffer that counts as a stall: 50 ms. At the live edge the next segment
   * often lands a few milliseconds after the buffer ran dry, which is timer granularity and
   * scheduling, not a frozen picture a viewer could see (a player's own buffer and a frame or
   * two of slack cover it).
   */
  public static final Duration MIN_STALL = Duration.ofMillis(50);
  /** How many target durations without growth make a playlist stale. */
  public static final double STALE_TARGETS = 1.5;
  /** How many sequence numbers behind the playlist are remembered. */
  private static final long REMEMBERED = 1000;

  /** Where playback stands. */
  public enum State {
    /** No playlist with segments yet, so no start position. */
    LOADING,
    /** The start position is chosen; the buffer fills to the start amount. */
    BUFFERING,
    /** Playing: the buffer drains in real time. */
    PLAYING,
    /**
     * Playing, but the buffer is empty: the viewer sees a frozen picture once this lasts
     * {@link #MIN_STALL}.
     */
    STALLED,
    /** The playlist ended (EXT-X-ENDLIST) and everything in it was played. */
    ENDED
  }

  /** One sequence number as the latest load listed it. */
  private record Listing(String uri, long durationNanos, Instant programDateTime,
      boolean discontinuity, long discontinuitySequence) {}

  private final ProbeConfig config;
  private final Clock clock;
  private final Consumer<ProbeEvent> listener;
  private final Instant createdAt;

  private State state = State.LOADING;
  private Instant lastTick;
  private long bufferNanos;
  private Instant stallStartedAt;
  /** Whether the current dry spell lasted {@link #MIN_STALL}, so is counted as a stall. */
  private boolean stallCounted;
  private Instant playbackStartedAt;

  private MediaPlaylist current;
  private Instant nextPlaylistLoadAt;
  /** When the load that first listed the current last segment was sent. */
  private Instant grewAt;
  private boolean stale;
  /** The source changed and its playlist has not arrived yet. */
  private boolean awaitingSource;
  private final TreeMap<Long, Listing> known = new TreeMap<>();
  private final Map<String, Long> sequenceOfUri = new HashMap<>();
  private final Set<String> reportedRepeats = new HashSet<>();

  private long startSequence = -1;
  private long startLastSequence = -1;
  private long startBufferNanos;
  private long nextSequence = -1;
  private SegmentRequest inFlight;
  private Instant deadline;
  private SegmentRequest retry;
  private Instant retryAt;

  private int playlistLoads;
  private long playlistBytes;
  private int segments;
  private long segmentBytes;
  private int stalls;
  private long stallNanos;
  private int regressions;
  private int lost;
  private int repeated;
  private int discontinuities;
  private int discontinuitySequenceErrors;
  private int pdtGaps;
  private int segmentFailures;
  private int recoveredSegments;
  private final Map<String, Integer> playlistErrors = new TreeMap<>();
  private final Map<String, Integer> segmentErrors = new TreeMap<>();
  /** Failed tries, by kind, of segments that a retry then got whole. */
  private final Map<String, Integer> recoveredErrors = new TreeMap<>();
  /** Failed tries, by kind, of the segment being retried now. */
  private final Map<String, Integer> retriedErrors = new TreeMap<>();
  private final List<ProbeEvent> events = new ArrayList<>();

  public PlaybackModel(ProbeConfig config, Clock clock, Consumer<ProbeEvent> listener) {
    this.config = Objects.requireNonNull(config, "config == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.listener = Objects.requireNonNull(listener, "listener == null");
    this.createdAt = clock.instant();
    this.lastTick = createdAt;
    this.nextPlaylistLoadAt = createdAt;
  }

  public State state() {
    return state;
  }

  /** Seconds of media buffered ahead of the playhead. */
  public double bufferSeconds() {
    return bufferNanos / 1e9;
  }

  /** When the playlist should be loaded next, or null when it ended (EXT-X-ENDLIST). */
  public Instant nextPlaylistLoadAt() {
    return nextPlaylistLoadAt;
  }

  /** When the buffer runs dry if no segment arrives first, or null when not playing. */
  public Instant bufferEmptyAt() {
    return state == State.PLAYING ? lastTick.plusNanos(bufferNanos) : null;
  }

  /**
   * When the current dry spell becomes a stall ({@link #MIN_STALL} after the buffer ran dry)
   * if no segment arrives first, or null when there is none or it already counts. A caller
   * that calls {@link #tick()} then sees the stall reported as soon as it counts.
   */
  public Instant stallCountsAt() {
    return state == State.STALLED && !stallCounted ? stallStartedAt.plus(MIN_STALL) : null;
  }

  /**
   * When {@link #nextSegment()} will have something to fetch without a new playlist: now, at a
   * retry's time, or when the buffer drains below its maximum; null when that waits for the
   * playlist or a fetch in flight.
   */
  public Instant nextSegmentDueAt() {
    if (inFlight != null || state == State.ENDED || awaitingSource) {
      return null;
    }
    if (retry != null) {
      return retryAt;
    }
    if (nextSequence < 0 || !known.containsKey(nextSequence)) {
      return null;
    }
    long over = bufferNanos - maxBufferNanos();
    if (over < 0) {
      return lastTick;
    }
    return state == State.PLAYING ? lastTick.plusNanos(over) : null;
  }

  /**
   * Drains the buffer up to the clock's now, starting a dry spell when it runs dry, which is
   * counted and reported as a stall once it has lasted {@link #MIN_STALL}.
   */
  public void tick() {
    Instant now = clock.instant();
    if (!now.isAfter(lastTick)) {
      return;
    }
    long elapsed = Duration.between(lastTick, now).toNanos();
    if (state == State.PLAYING) {
      if (elapsed <= bufferNanos) {
        bufferNanos -= elapsed;
      } else {
        Instant dry = lastTick.plusNanos(bufferNanos);
        bufferNanos = 0;
        if (playedToTheEnd()) {
          state = State.ENDED;
          emit(Type.PLAYBACK_ENDED, dry, -1, "the playlist ended and was played to its end");
        } else {
          state = State.STALLED;
          stallStartedAt = dry;
          stallCounted = false;
        }
      }
    }
    if (state == State.STALLED && !stallCounted
        && !now.isBefore(stallStartedAt.plus(MIN_STALL))) {
      stalls++;
      stallCounted = true;
      long waitingFor = waitingFor();
      emit(Type.STALL_STARTED, stallStartedAt, waitingFor, "stall: the buffer ran dry waiting "
          + "for segment " + waitingFor);
    }
    lastTick = now;
  }

  /**
   * A load that began at {@code requestedAt} gave {@code playlist} ({@code bytes} long).
   */
  public void playlistLoaded(Instant requestedAt, MediaPlaylist playlist, long bytes) {
    Objects.requireNonNull(playlist, "playlist == null");
    tick();
    Instant now = lastTick;
    playlistLoads++;
    playlistBytes += bytes;
    boolean changed = !playlist.equals(current);
    boolean newSource = awaitingSource;
    awaitingSource = false;
    List<String> regression = new ArrayList<>();
    if (current != null && !newSource) {
      if (playlist.mediaSequence() < current.mediaSequence()) {
        regression.add("EXT-X-MEDIA-SEQUENCE went back from " + current.mediaSequence()
            + " to " + playlist.mediaSequence());
      }
      if (playlist.lastSequence() < current.lastSequence()) {
        regression.add("the last segment went back from " + current.lastSequence() + " to "
            + playlist.lastSequence());
      }
    }
    if (state == State.LOADING && !playlist.segments().isEmpty()) {
      chooseStart(playlist);
    }
    long sequence = playlist.mediaSequence();
    long discontinuitySequence = playlist.discontinuitySequence();
    int renamed = 0;
    String mismatch = null;
    for (int i = 0; i < playlist.segments().size(); i++, sequence++) {
      MediaSegment segment = playlist.segments().get(i);
      if (i > 0 && segment.discontinuity()) {
        discontinuitySequence++;
      }
      Listing listing = new Listing(segment.uri(), nanos(segment.durationSeconds()),
          segment.programDateTime(), segment.discontinuity(), discontinuitySequence);
      Listing before = known.put(sequence, listing);
      if (before == null) {
        onNewListing(sequence, listing, now);
      } else if (!before.uri().equals(listing.uri()) && newSource) {
        // Another source may name the same segment differently (another host).
        sequenceOfUri.remove(before.uri(), sequence);
        sequenceOfUri.putIfAbsent(listing.uri(), sequence);
      } else if (!before.uri().equals(listing.uri())) {
        if (renamed++ < 3) {
          regression.add("segment " + sequence + " was " + before.uri() + ", now "
              + listing.uri());
        }
        sequenceOfUri.putIfAbsent(listing.uri(), sequence);
      } else if (before.discontinuitySequence() != discontinuitySequence && mismatch == null) {
        mismatch = "segment " + sequence + " moved from discontinuity sequence "
            + before.discontinuitySequence() + " to " + discontinuitySequence;
      }
    }
    if (mismatch != null) {
      discontinuitySequenceErrors++;
      emit(Type.DISCONTINUITY_SEQUENCE_MISMATCH, now, playlist.mediaSequence(),
          "inconsistent EXT-X-DISCONTINUITY-SEQUENCE: " + mismatch);
    }
    if (!regression.isEmpty()) {
      regressions++;
      emit(Type.REGRESSION, now, playlist.mediaSequence(), "playlist regression: "
          + String.join("; ", regression));
    }
    if (nextSequence >= 0 && nextSequence < playlist.mediaSequence()) {
      loseUnfetched(nextSequence, playlist.mediaSequence() - 1, now);
      nextSequence = playlist.mediaSequence();
    }
    if (newSource || current == null || grewAt == null
        || playlist.lastSequence() > current.lastSequence()) {
      grewAt = requestedAt;
      stale = false;
    } else {
      stale = !playlist.endList() && !requestedAt.isBefore(grewAt.plusNanos(
          nanos(STALE_TARGETS * playlist.targetDurationSeconds())));
    }
    current = playlist;
    nextPlaylistLoadAt = playlist.endList() ? null
        : requestedAt.plus(config.poll().interval(playlist.targetDurationSeconds(), changed));
    forgetBefore(playlist.mediaSequence() - REMEMBERED);
  }

  /**
   * Whether the last load found the playlist stale: not grown since a load sent {@link
   * #STALE_TARGETS} target durations or more before it.
   */
  public boolean playlistStale() {
    return stale;
  }

  /**
   * The player moved to another URI of the same stream: the playlist is due at once, and
   * segments wait for it (a retry included, which then takes the new playlist's URI).
   */
  public void sourceChanged() {
    sourceChanged(true);
  }

  /**
   * The same; with {@code atOnce} false (every source failed lately), the next playlist load
   * and segment retry keep the times the failure set, so that sources that all refuse are
   * tried in turn at the polling pace, not in a loop.
   */
  public void sourceChanged(boolean atOnce) {
    tick();
    awaitingSource = true;
    stale = false;
    if (atOnce) {
      nextPlaylistLoadAt = lastTick;
      if (retry != null) {
        retryAt = lastTick;
      }
    }
  }

  /** A load that began at {@code requestedAt} failed; {@code kind} labels the error counts. */
  public void playlistFailed(Instant requestedAt, String kind, String detail) {
    tick();
    playlistErrors.merge(kind, 1, Integer::sum);
    emit(Type.PLAYLIST_ERROR, lastTick, -1, "playlist load failed (" + kind + "): " + detail);
    nextPlaylistLoadAt = requestedAt.plus(current == null ? config.poll().beforeFirstPlaylist()
        : config.poll().interval(current.targetDurationSeconds(), false));
  }

  /**
   * The segment to fetch now, which the caller must answer with {@link #segmentLoaded} or
   * {@link #segmentFailed}; empty while one is in flight, a retry waits, the buffer is full,
   * or the next sequence number is not listed yet.
   */
  public Optional<SegmentRequest> nextSegment() {
    tick();
    if (inFlight != null || state == State.ENDED || awaitingSource) {
      return Optional.empty();
    }
    if (retry != null) {
      if (lastTick.isBefore(retryAt)) {
        return Optional.empty();
      }
      Listing now = known.get(retry.sequence());
      inFlight = now == null || now.uri().equals(retry.uri()) ? retry
          : new SegmentRequest(retry.sequence(), now.uri(), retry.durationSeconds(),
              retry.attempt());
      retry = null;
      return Optional.of(inFlight);
    }
    Listing listing = nextSequence < 0 ? null : known.get(nextSequence);
    if (listing == null || bufferNanos >= maxBufferNanos()) {
      return Optional.empty();
    }
    inFlight = new SegmentRequest(nextSequence, listing.uri(), listing.durationNanos() / 1e9, 1);
    nextSequence++;
    long target = current == null ? 0 : nanos(current.targetDurationSeconds());
    deadline = lastTick.plusNanos(Math.max(bufferNanos, target));
    return Optional.of(inFlight);
  }

  /** The segment {@code request} asked for arrived whole, {@code bytes} long. */
  public void segmentLoaded(SegmentRequest request, long bytes) {
    settle(request);
    segments++;
    segmentBytes += bytes;
    bufferNanos += nanos(request.durationSeconds());
    if (request.attempt() > 1) {
      recoveredSegments++;
      retriedErrors.forEach((kind, count) -> recoveredErrors.merge(kind, count, Integer::sum));
    }
    retriedErrors.clear();
    if (state == State.STALLED) {
      // A dry spell shorter than MIN_STALL was never counted, and its time is no stall time.
      if (stallCounted) {
        long stalled = Duration.between(stallStartedAt, lastTick).toNanos();
        stallNanos += stalled;
        emit(Type.STALL_ENDED, lastTick, request.sequence(), "playback resumed with segment "
            + request.sequence() + " after a stall of " + seconds(stalled) + " s");
      }
      state = State.PLAYING;
      stallStartedAt = null;
      stallCounted = false;
    }
    maybeStartPlayback();
  }

  /** The try {@code request} asked for failed; {@code kind} labels the error counts. */
  public void segmentFailed(SegmentRequest request, String kind, String detail) {
    settle(request);
    segmentFailures++;
    segmentErrors.merge(kind, 1, Integer::sum);
    Instant again = lastTick.plus(config.retryDelay());
    int tries = config.segmentRetries() + 1;
    if (request.attempt() < tries && again.isBefore(deadline)) {
      retriedErrors.merge(kind, 1, Integer::sum);
      retry = request.nextAttempt();
      retryAt = again;
      emit(Type.SEGMENT_FAILED, lastTick, request.sequence(), "segment " + request.sequence()
          + " (" + request.uri() + ") try " + request.attempt() + " of " + tries + " failed ("
          + kind + "): " + detail);
      return;
    }
    lost++;
    retriedErrors.clear();
    emit(Type.SEGMENT_LOST, lastTick, request.sequence(), "segment " + request.sequence() + " ("
        + request.uri() + ") lost after " + request.attempt() + " tr"
        + (request.attempt() == 1 ? "y" : "ies") + ", the last " + kind + ": " + detail);
    maybeStartPlayback();
  }

  /**
   * The score so far, as a report that ends now.
   *
   * @param url the playlist's URL as the report should name it
   */
  public ProbeReport report(String url, LatencyStats playlistLatency,
      LatencyStats segmentLatency, int decodeChecked, int decodeFailures) {
    tick();
    long stalled = stallNanos + (state == State.STALLED && stallCounted
        ? Duration.between(stallStartedAt, lastTick).toNanos() : 0);
    double startup = playbackStartedAt == null ? -1
        : seconds(Duration.between(createdAt, playbackStartedAt).toNanos());
    return new ProbeReport(url, createdAt, lastTick, playlistLoads > 0, playbackStartedAt != null,
        startup, state == State.ENDED, playlistLoads, segments, segmentBytes, playlistBytes,
        stalls, seconds(stalled), regressions, lost, repeated, discontinuities,
        discontinuitySequenceErrors, pdtGaps, segmentFailures, playlistErrors, segmentErrors,
        recoveredSegments, recoveredErrors, playlistLatency, segmentLatency, decodeChecked,
        decodeFailures, events);
  }

  private void chooseStart(MediaPlaylist playlist) {
    long first = playlist.mediaSequence();
    long last = playlist.lastSequence();
    int sync = config.liveSyncSegments();
    startSequence = playlist.endList() ? first : Math.max(first, last - sync + 1);
    startLastSequence = Math.min(last, startSequence + sync - 1);
    startBufferNanos = 0;
    for (long n = startSequence; n <= startLastSequence; n++) {
      startBufferNanos += nanos(playlist.segment(n).durationSeconds());
    }
    nextSequence = startSequence;
    state = State.BUFFERING;
  }

  private void onNewListing(long sequence, Listing listing, Instant now) {
    boolean ahead = startSequence >= 0 && sequence > startSequence;
    Long other = sequenceOfUri.putIfAbsent(listing.uri(), sequence);
    if (other != null && other != sequence && ahead && reportedRepeats.add(listing.uri())) {
      repeated++;
      emit(Type.REPEATED_SEGMENT, now, sequence, "repeated segment: " + listing.uri()
          + " is listed as " + other + " and as " + sequence);
    }
    if (listing.discontinuity() && ahead) {
      discontinuities++;
      emit(Type.DISCONTINUITY, now, sequence, "discontinuity before segment " + sequence
          + " (discontinuity sequence " + listing.discontinuitySequence() + ")");
    }
    Listing previous = known.get(sequence - 1);
    if (ahead && previous != null && !listing.discontinuity()
        && previous.programDateTime() != null && listing.programDateTime() != null) {
      long gap = Duration.between(previous.programDateTime(), listing.programDateTime())
          .toNanos() - previous.durationNanos();
      if (gap > PDT_TOLERANCE.toNanos()) {
        pdtGaps++;
        emit(Type.PDT_GAP, now, sequence, "program date-time of segment " + sequence + " is "
            + seconds(gap) + " s after the end of segment " + (sequence - 1));
      }
    }
  }

  private void loseUnfetched(long from, long to, Instant now) {
    long count = to - from + 1;
    lost += (int) Math.min(Integer.MAX_VALUE, count);
    boolean everListed = known.containsKey(from) || known.containsKey(to);
    String range = count == 1 ? "segment " + from : "segments " + from + " to " + to;
    emit(Type.SEGMENT_LOST, now, from, range + (everListed
        ? " left the playlist before they could be fetched"
        : " never appeared in the playlist"));
  }

  private void settle(SegmentRequest request) {
    Objects.requireNonNull(request, "request == null");
    if (!request.equals(inFlight)) {
      throw new IllegalStateException("not the segment in flight: " + request + " (in flight: "
          + inFlight + ")");
    }
    tick();
    inFlight = null;
  }

  private void maybeStartPlayback() {
    if (state != State.BUFFERING) {
      return;
    }
    boolean startFetched = nextSequence > startLastSequence && inFlight == null && retry == null;
    if (bufferNanos >= Math.min(startBufferNanos, maxBufferNanos())
        || (startFetched && bufferNanos > 0)) {
      state = State.PLAYING;
      playbackStartedAt = lastTick;
      emit(Type.PLAYBACK_STARTED, lastTick, startSequence, "playback started at segment "
          + startSequence + " with " + seconds(bufferNanos) + " s buffered");
    }
  }

  private boolean playedToTheEnd() {
    return current != null && current.endList() && nextSequence > current.lastSequence()
        && inFlight == null && retry == null;
  }

  private long waitingFor() {
    if (inFlight != null) {
      return inFlight.sequence();
    }
    return retry != null ? retry.sequence() : nextSequence;
  }

  private void forgetBefore(long sequence) {
    while (!known.isEmpty() && known.firstKey() < sequence) {
      Map.Entry<Long, Listing> oldest = known.pollFirstEntry();
      sequenceOfUri.remove(oldest.getValue().uri(), oldest.getKey());
    }
  }

  private long maxBufferNanos() {
    return nanos(config.maxBufferSeconds());
  }

  private void emit(Type type, Instant at, long sequence, String detail) {
    ProbeEvent event = new ProbeEvent(at, type, sequence, detail);
    if (events.size() < ProbeReport.MAX_EVENTS) {
      events.add(event);
    }
    listener.accept(event);
  }

  private static long nanos(double seconds) {
    return Math.round(seconds * 1e9);
  }

  private static double seconds(long nanos) {
    return Math.round(nanos / 1e6) / 1e3;
  }
}
