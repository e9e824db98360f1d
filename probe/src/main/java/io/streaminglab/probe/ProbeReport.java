package io.streaminglab.probe;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a {@link PlayerProbe} saw while playing a live playlist.
 *
 * @param url the playlist played
 * @param startedAt when the probe began
 * @param endedAt when it stopped
 * @param playlistLoaded whether any load gave a valid media playlist
 * @param playbackStarted whether the start amount was ever buffered
 * @param startupSeconds from the probe's start to playback, or -1 when it never started
 * @param ended whether the playlist ended (EXT-X-ENDLIST) and was played to its end
 * @param playlistLoads valid playlists loaded
 * @param segments segments fetched (each sequence number once)
 * @param segmentBytes bytes of the segments fetched
 * @param playlistBytes bytes of the playlists loaded
 * @param stalls times the buffer ran dry after playback started and stayed dry for at least
 *     {@link PlaybackModel#MIN_STALL} (50 ms; shorter ones are timer granularity at the live
 *     edge, which no viewer sees, and are not counted)
 * @param stallSeconds time spent in those stalls, up to the end of the probe
 * @param regressions playlist loads that went backwards or renamed a sequence number
 * @param lost sequence numbers that will never be played: left the playlist unfetched, never
 *     listed between two listed numbers, or failed on every try
 * @param repeated URIs listed under two sequence numbers
 * @param discontinuities EXT-X-DISCONTINUITY tags ahead of the start position
 * @param discontinuitySequenceErrors playlist loads that put a segment in another discontinuity
 *     sequence than the previous load did
 * @param pdtGaps consecutive segments whose program date-times are more than 0.5 s further
 *     apart than the earlier one lasts (outside discontinuities)
 * @param segmentFailures failed tries of segments, retries included
 * @param playlistErrors failed playlist loads by kind ({@code HTTP_503}, {@code RESPONSE_TIMEOUT},
 *     {@code INVALID_PLAYLIST}, ...)
 * @param segmentErrors failed segment tries by kind
 * @param recoveredSegments segments that arrived whole only on a retry: the viewer saw nothing,
 *     but the origin or the path to it failed
 * @param recoveredErrors the failed tries of those segments by kind, also counted in
 *     {@code segmentErrors}; recovered errors, not problems
 * @param playlistLatency latency of answered playlist requests
 * @param segmentLatency latency of answered segment requests
 * @param decodeChecked segments run through ffprobe
 * @param decodeFailures segments ffprobe complained about
 * @param events the first {@value #MAX_EVENTS} events that matter, in order
 * @param playedSegments each segment played, in order, with the URL, host and pathway that
 *     served it (the first {@value #MAX_PLAYED_SEGMENTS}); empty in reports written before
 *     this field existed
 * @param failovers each move to another URI of the variant, with its cause and how long it
 *     took until the new URI served a segment, steering moves included; empty when playing a
 *     media playlist directly
 */
@JsonPropertyOrder({"url", "viewerSawProblem", "problems", "minStallSeconds"})
@JsonIgnoreProperties(value = {"viewerSawProblem", "problems", "minStallSeconds"},
    allowGetters = true)
public record ProbeReport(String url, Instant startedAt, Instant endedAt,
    boolean playlistLoaded, boolean playbackStarted, double startupSeconds, boolean ended,
    int playlistLoads, int segments, long segmentBytes, long playlistBytes,
    int stalls, double stallSeconds,
    int regressions, int lost, int repeated, int discontinuities,
    int discontinuitySequenceErrors, int pdtGaps,
    int segmentFailures, Map<String, Integer> playlistErrors, Map<String, Integer> segmentErrors,
    int recoveredSegments, Map<String, Integer> recoveredErrors,
    LatencyStats playlistLatency, LatencyStats segmentLatency,
    int decodeChecked, int decodeFailures,
    List<ProbeEvent> events, List<PlayedSegment> playedSegments, List<Failover> failovers) {

  /** The most events a report keeps. */
  public static final int MAX_EVENTS = 200;
  /** The most played segments a report lists: more than five hours of 2 s segments. */
  public static final int MAX_PLAYED_SEGMENTS = 10_000;

  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT);

  public ProbeReport {
    Objects.requireNonNull(url, "url == null");
    Objects.requireNonNull(startedAt, "startedAt == null");
    Objects.requireNonNull(endedAt, "endedAt == null");
    playlistErrors = Collections.unmodifiableMap(new TreeMap<>(playlistErrors));
    segmentErrors = Collections.unmodifiableMap(new TreeMap<>(segmentErrors));
    recoveredErrors = Collections.unmodifiableMap(new TreeMap<>(recoveredErrors));
    Objects.requireNonNull(playlistLatency, "playlistLatency == null");
    Objects.requireNonNull(segmentLatency, "segmentLatency == null");
    events = List.copyOf(events);
    playedSegments = playedSegments == null ? List.of() : List.copyOf(playedSegments);
    failovers = failovers == null ? List.of() : List.copyOf(failovers);
  }

  /** A report without played segments or failovers, as the fields were before them. */
  public ProbeReport(String url, Instant startedAt, Instant endedAt,
      boolean playlistLoaded, boolean playbackStarted, double startupSeconds, boolean ended,
      int playlistLoads, int segments, long segmentBytes, long playlistBytes,
      int stalls, double stallSeconds,
      int regressions, int lost, int repeated, int discontinuities,
      int discontinuitySequenceErrors, int pdtGaps,
      int segmentFailures, Map<String, Integer> playlistErrors,
      Map<String, Integer> segmentErrors,
      int recoveredSegments, Map<String, Integer> recoveredErrors,
      LatencyStats playlistLatency, LatencyStats segmentLatency,
      int decodeChecked, int decodeFailures,
      List<ProbeEvent> events) {
    this(url, startedAt, endedAt, playlistLoaded, playbackStarted, startupSeconds, ended,
        playlistLoads, segments, segmentBytes, playlistBytes, stalls, stallSeconds, regressions,
        lost, repeated, discontinuities, discontinuitySequenceErrors, pdtGaps, segmentFailures,
        playlistErrors, segmentErrors, recoveredSegments, recoveredErrors, playlistLatency,
        segmentLatency, decodeChecked, decodeFailures, events, List.of(), List.of());
  }

  /** This report with the segments played and the failovers of the route that played them. */
  public ProbeReport withRouting(List<PlayedSegment> played, List<Failover> moves) {
    return new ProbeReport(url, startedAt, endedAt, playlistLoaded, playbackStarted,
        startupSeconds, ended, playlistLoads, segments, segmentBytes, playlistBytes, stalls,
        stallSeconds, regressions, lost, repeated, discontinuities, discontinuitySequenceErrors,
        pdtGaps, segmentFailures, playlistErrors, segmentErrors, recoveredSegments,
        recoveredErrors, playlistLatency, segmentLatency, decodeChecked, decodeFailures, events,
        played.size() > MAX_PLAYED_SEGMENTS ? played.subList(0, MAX_PLAYED_SEGMENTS) : played,
        moves);
  }

  /** The shortest dry buffer counted as a stall, {@link PlaybackModel#MIN_STALL}, in seconds. */
  @JsonProperty("minStallSeconds")
  public double minStallSeconds() {
    return PlaybackModel.MIN_STALL.toMillis() / 1000.0;
  }

  /**
   * Whether a viewer would have noticed something: a stall after playback started, a lost,
   * repeated or undecodable segment, a playlist regression, a playlist that never loaded, or
   * playback that never started.
   */
  @JsonProperty("viewerSawProblem")
  public boolean viewerSawProblem() {
    return !problems().isEmpty();
  }

  /**
   * Why {@link #viewerSawProblem()} holds, one phrase each; empty when it does not. Segment
   * errors that a retry recovered ({@link #recoveredErrors()}) are not among them: the viewer
   * did not see them.
   */
  @JsonProperty("problems")
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (!playlistLoaded) {
      problems.add("the playlist never loaded");
    } else if (!playbackStarted) {
      problems.add("playback never started");
    }
    if (stalls > 0) {
      problems.add(stalls + " stall(s), " + stallSeconds + " s in all");
    }
    if (lost > 0) {
      problems.add(lost + " lost segment(s)");
    }
    if (repeated > 0) {
      problems.add(repeated + " repeated segment(s)");
    }
    if (regressions > 0) {
      problems.add(regressions + " playlist regression(s)");
    }
    if (decodeFailures > 0) {
      problems.add(decodeFailures + " segment(s) ffprobe complained about");
    }
    return problems;
  }

  /** The report as indented JSON, times in ISO-8601. */
  public String toJson() {
    try {
      return JSON.writerFor(ProbeReport.class).writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A report written by {@link #toJson()}. */
  public static ProbeReport fromJson(String json) throws JsonProcessingException {
    return JSON.readValue(json, ProbeReport.class);
  }
}
