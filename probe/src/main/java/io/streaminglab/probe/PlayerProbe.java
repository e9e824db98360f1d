package io.streaminglab.probe;

import io.streaminglab.hls.MediaPlaylist;
import io.streaminglab.hls.MultivariantParser;
import io.streaminglab.hls.MultivariantPlaylist;
import io.streaminglab.hls.PlaylistFormatException;
import io.streaminglab.hls.PlaylistParser;
import io.streaminglab.httpclient.FetchException;
import io.streaminglab.httpclient.HttpFetcher;
import io.streaminglab.httpclient.HttpResult;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays a live HLS playlist as a player would, without decoding, and reports what its
 * viewer saw: the seed lab's {@code capture_ffplay.sh} done properly.
 *
 * <p>{@link #run()} drives a {@link PlaybackModel} with real HTTP on the calling thread:
 *
 * <ol>
 *   <li>loads the playlist at once, then whenever the model says (every target duration, half
 *       of one when it did not change), one load at a time;
 *   <li>meanwhile fetches the segments the model asks for, one at a time, retrying as it says;
 *       with {@link ProbeConfig#decodeCheck()} each fetched segment also goes to ffprobe;
 *   <li>sleeps only until the next of: an answer, a reload, a retry, the buffer running dry,
 *       a dry buffer becoming a stall;
 *   <li>after {@link ProbeConfig#duration()} cancels what is in flight and returns the
 *       {@link ProbeReport}.
 * </ol>
 *
 * <p>Given a multivariant playlist it plays as hls.js does: it picks the variant ({@link
 * VariantRoute}) and plays one of its redundant URIs; a failed request (refused, reset,
 * timeout, an HTTP error) or a stale playlist moves it at once to the next URI, where it
 * reloads the playlist and goes on by media sequence number. With EXT-X-CONTENT-STEERING it
 * loads the steering manifest ({@link SteeringSchedule}) and moves to the pathway it puts
 * first, at a segment boundary. The report lists which URI served each segment and every
 * move. hls.js retries a 5xx or a timeout on the same URI first; the probe moves at once, as
 * the lab's switcher does for hard faults, so it reports what a viewer of a prompt player sees.
 *
 * <p>Events that matter (stalls, lost segments, regressions, errors, failovers) are logged as
 * they happen, one line each, and passed to the optional listener on the calling thread.
 */
public final class PlayerProbe {
  private static final Logger log = LoggerFactory.getLogger(PlayerProbe.class);
  private static final Duration DECODE_CHECK_DRAIN = Duration.ofSeconds(15);

  private final ProbeConfig config;
  private final HttpFetcher fetcher;
  private final Clock clock;
  private final Consumer<ProbeEvent> listener;

  public PlayerProbe(ProbeConfig config, HttpFetcher fetcher, Clock clock) {
    this(config, fetcher, clock, event -> { });
  }

  /** A probe that also hands every event to {@code listener}, on the thread of {@link #run}. */
  public PlayerProbe(ProbeConfig config, HttpFetcher fetcher, Clock clock,
      Consumer<ProbeEvent> listener) {
    this.config = Objects.requireNonNull(config, "config == null");
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.listener = Objects.requireNonNull(listener, "listener == null");
  }

  /** Plays for the configured duration, then returns what happened. */
  public ProbeReport run() throws InterruptedException {
    return new Run().play();
  }

  /** One play-through; all its state lives on the calling thread. */
  private final class Run {
    private final PlaybackModel model = new PlaybackModel(config, clock, this::onEvent);
    private final BlockingQueue<Runnable> answers = new LinkedBlockingQueue<>();
    private final LongSamples playlistLatency = new LongSamples();
    private final LongSamples segmentLatency = new LongSamples();
    private final ThroughputEstimate throughput = new ThroughputEstimate();
    private final List<PlayedSegment> played = new ArrayList<>();
    private final DecodeCheck decodeCheck = config.decodeCheck()
        ? DecodeCheck.onPath().orElse(null) : null;
    private VariantRoute route = VariantRoute.single(config.url());
    /** Whether an answer said what the URL is: a media or a multivariant playlist. */
    private boolean urlKnown;
    private SteeringSchedule steering;
    /** Whether every URI has failed since a segment last arrived: said once. */
    private boolean everySourceFailed;
    private CompletableFuture<HttpResult> playlistCall;
    private CompletableFuture<HttpResult> segmentCall;
    private CompletableFuture<HttpResult> steeringCall;

    ProbeReport play() throws InterruptedException {
      log.info("Probe playing {} for {} s", config.url(), config.duration().toMillis() / 1e3);
      Instant end = clock.instant().plus(config.duration());
      boolean finished = false;
      try {
        while (true) {
          model.tick();
          Instant now = clock.instant();
          if (!now.isBefore(end)) {
            break;
          }
          loadPlaylistIfDue(now);
          fetchSegmentIfDue();
          loadSteeringIfDue(now);
          Instant wake = earliest(end,
              playlistCall == null ? model.nextPlaylistLoadAt() : null,
              segmentCall == null ? model.nextSegmentDueAt() : null,
              steeringCall == null && steering != null ? steering.nextLoadAt() : null,
              model.bufferEmptyAt(), model.stallCountsAt());
          long waitNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1),
              Duration.between(now, wake).toNanos());
          for (Runnable answer = answers.poll(waitNanos, TimeUnit.NANOSECONDS); answer != null;
              answer = answers.poll()) {
            answer.run();
          }
        }
        finished = true;
      } finally {
        cancel(playlistCall);
        cancel(segmentCall);
        cancel(steeringCall);
        if (decodeCheck != null) {
          if (finished) {
            decodeCheck.finish(DECODE_CHECK_DRAIN);
          } else {
            decodeCheck.abort();
          }
        }
      }
      ProbeReport report = model.report(config.url().toString(), playlistLatency.stats(),
          segmentLatency.stats(), decodeCheck == null ? 0 : decodeCheck.checked(),
          decodeCheck == null ? 0 : decodeCheck.failures())
          .withRouting(played, route.failovers());
      log.info("Probe of {} done: {} segments, {} stall(s) ({} s), {} lost, {} repeated, "
          + "{} regression(s), {} discontinuity(ies), {} recovered by a retry, {} failover(s); "
          + "viewer saw a problem: {}", report.url(), report.segments(), report.stalls(),
          report.stallSeconds(), report.lost(), report.repeated(), report.regressions(),
          report.discontinuities(), report.recoveredSegments(), report.failovers().size(),
          report.viewerSawProblem() ? "yes, " + String.join(", ", report.problems()) : "no");
      return report;
    }

    private void loadPlaylistIfDue(Instant now) {
      Instant due = model.nextPlaylistLoadAt();
      if (playlistCall != null || due == null || now.isBefore(due)) {
        return;
      }
      VariantRoute.Candidate source = route.current();
      CompletableFuture<HttpResult> call = fetcher.get(source.uri(), Map.of());
      playlistCall = call;
      call.whenComplete((result, error) -> answers.add(() -> {
        if (playlistCall != call) {
          // Sent to a source the probe has left since.
          return;
        }
        playlistCall = null;
        onPlaylist(now, result, error);
      }));
    }

    private void onPlaylist(Instant requestedAt, HttpResult result, Throwable error) {
      if (error != null) {
        model.playlistFailed(requestedAt, kind(error), message(error));
        failOver(kind(error), requestedAt);
        return;
      }
      playlistLatency.add(result.latencyNanos());
      if (!result.isSuccessful()) {
        model.playlistFailed(requestedAt, "HTTP_" + result.status(), "status "
            + result.status());
        failOver("HTTP_" + result.status(), requestedAt);
        return;
      }
      String text = new String(result.body(), StandardCharsets.UTF_8);
      if (!urlKnown && text.contains("#EXT-X-STREAM-INF")) {
        onMultivariant(requestedAt, text);
        return;
      }
      urlKnown = true;
      MediaPlaylist playlist;
      try {
        playlist = PlaylistParser.parse(text);
      } catch (PlaylistFormatException e) {
        model.playlistFailed(requestedAt, "INVALID_PLAYLIST", e.getMessage());
        failOver("INVALID_PLAYLIST", requestedAt);
        return;
      }
      log.debug("Playlist: sequence {} to {}, {} bytes in {} ms", playlist.mediaSequence(),
          playlist.lastSequence(), result.body().length, result.latencyNanos() / 1_000_000);
      model.playlistLoaded(requestedAt, playlist, result.body().length);
      if (model.playlistStale()) {
        failOver(Failover.STALE_PLAYLIST, clock.instant());
      }
    }

    /** The URL is a multivariant playlist: choose the variant, start steering if asked to. */
    private void onMultivariant(Instant requestedAt, String text) {
      MultivariantPlaylist multivariant;
      try {
        multivariant = MultivariantParser.parse(text);
        route = VariantRoute.of(multivariant, config.url(), config.maxBandwidth());
      } catch (PlaylistFormatException | IllegalArgumentException e) {
        model.playlistFailed(requestedAt, "INVALID_PLAYLIST", e.getMessage());
        return;
      }
      urlKnown = true;
      log.info("Probe plays {} ({}), one of {} redundant URI(s) of the variant chosen from {}",
          route.current().uri(), route.current().pathwayId(), route.candidates().size(),
          config.url());
      if (multivariant.steering() != null) {
        URI server = config.url().resolve(multivariant.steering().serverUri());
        if ("http".equalsIgnoreCase(server.getScheme()) && server.getHost() != null) {
          steering = new SteeringSchedule(server, clock.instant());
        } else {
          log.warn("Probe ignores content steering: SERVER-URI {} is not an http URL", server);
        }
      }
      // The media playlist is due at once: the model has not loaded one yet.
    }

    /** A request to the current source failed: move to the next URI, if there is one. */
    private void failOver(String cause, Instant firstFailedAt) {
      VariantRoute.Candidate from = route.current();
      Instant now = clock.instant();
      if (!route.failed(cause, firstFailedAt, now)) {
        return;
      }
      if (route.currentPenalised(now)) {
        // Every URI failed lately (every switcher down): try them in turn at the polling
        // pace, and say so once rather than for every turn.
        changeSource(false);
        if (!everySourceFailed) {
          everySourceFailed = true;
          onEvent(new ProbeEvent(now, ProbeEvent.Type.FAILOVER, -1, "every one of the "
              + route.candidates().size() + " URIs of the variant failed lately (last " + cause
              + " from " + from.uri() + "); trying them in turn at the polling pace"));
        }
        return;
      }
      changeSource(true);
      onEvent(new ProbeEvent(now, ProbeEvent.Type.FAILOVER, -1, "failover ("
          + cause + ") from " + from.uri() + " (pathway " + from.pathwayId() + ") to "
          + route.current().uri() + " (pathway " + route.current().pathwayId() + ")"));
    }

    private void changeSource(boolean atOnce) {
      cancel(playlistCall);
      playlistCall = null;
      model.sourceChanged(atOnce);
    }

    private void fetchSegmentIfDue() {
      if (segmentCall != null) {
        return;
      }
      Optional<SegmentRequest> next = model.nextSegment();
      if (next.isEmpty()) {
        return;
      }
      SegmentRequest request = next.get();
      VariantRoute.Candidate source = route.current();
      Instant sentAt = clock.instant();
      CompletableFuture<HttpResult> call;
      URI uri;
      try {
        uri = source.uri().resolve(request.uri());
        call = fetcher.get(uri, Map.of());
      } catch (IllegalArgumentException e) {
        model.segmentFailed(request, "UNSUPPORTED_URI", e.getMessage());
        return;
      }
      segmentCall = call;
      call.whenComplete((result, error) -> answers.add(() -> {
        segmentCall = null;
        onSegment(request, source, uri, sentAt, result, error);
      }));
    }

    private void onSegment(SegmentRequest request, VariantRoute.Candidate source, URI uri,
        Instant sentAt, HttpResult result, Throwable error) {
      if (error != null) {
        model.segmentFailed(request, kind(error), message(error));
        failOverFrom(source, kind(error), sentAt);
        return;
      }
      segmentLatency.add(result.latencyNanos());
      if (!result.isSuccessful()) {
        model.segmentFailed(request, "HTTP_" + result.status(), "status " + result.status());
        failOverFrom(source, "HTTP_" + result.status(), sentAt);
        return;
      }
      log.debug("Segment {} ({}): {} bytes in {} ms", request.sequence(), uri,
          result.body().length, result.latencyNanos() / 1_000_000);
      model.segmentLoaded(request, result.body().length);
      everySourceFailed = false;
      Instant now = clock.instant();
      throughput.add(result.body().length, result.latencyNanos());
      if (played.size() < ProbeReport.MAX_PLAYED_SEGMENTS) {
        played.add(new PlayedSegment(request.sequence(), uri.toString(),
            uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort(),
            route.multivariant() ? source.pathwayId() : null, now));
      }
      route.segmentServed(source, request.sequence(), now);
      String origin = result.header("X-Origin");
      listener.accept(new ProbeEvent(now, ProbeEvent.Type.SEGMENT_LOADED,
          request.sequence(), uri + ": " + result.body().length + " bytes in "
              + result.latencyNanos() / 1_000_000 + " ms" + (origin == null ? ""
              : " from " + origin)));
      if (decodeCheck != null) {
        decodeCheck.submit(request.sequence(), request.uri(), result.body());
      }
    }

    /** A segment from {@code source} failed; a source already left is not failed again. */
    private void failOverFrom(VariantRoute.Candidate source, String cause, Instant sentAt) {
      if (source.equals(route.current())) {
        failOver(cause, sentAt);
      }
    }

    private void loadSteeringIfDue(Instant now) {
      Instant due = steering == null ? null : steering.nextLoadAt();
      if (steeringCall != null || due == null || now.isBefore(due)) {
        return;
      }
      URI uri = steering.requestUri(route.current().pathwayId(), throughput.bitsPerSecond());
      CompletableFuture<HttpResult> call = fetcher.get(uri, Map.of());
      steeringCall = call;
      call.whenComplete((result, error) -> answers.add(() -> {
        steeringCall = null;
        onSteering(uri, result, error);
      }));
    }

    private void onSteering(URI uri, HttpResult result, Throwable error) {
      Instant now = clock.instant();
      if (error != null || !result.isSuccessful()) {
        int status = error != null ? 0 : result.status();
        log.info("Probe could not load the steering manifest {} ({}); it tries again after "
            + "the TTL", uri, error != null ? kind(error) : "HTTP " + status);
        steering.failed(status, now);
        return;
      }
      SteeringManifest manifest;
      try {
        manifest = SteeringManifest.parse(result.body());
        steering.loaded(uri, manifest, now);
      } catch (SteeringManifestException | IllegalArgumentException e) {
        log.warn("Probe ignores the steering manifest from {}: {}", uri, e.getMessage());
        steering.failed(0, now);
        return;
      }
      VariantRoute.Candidate from = route.current();
      if (route.steer(manifest.pathwayPriority(), now)) {
        changeSource(true);
        onEvent(new ProbeEvent(now, ProbeEvent.Type.STEERED, -1, "content steering moved "
            + "the probe from pathway " + from.pathwayId() + " to " + route.current().pathwayId()
            + " (" + route.current().uri() + "), priority " + manifest.pathwayPriority()));
      }
    }

    private void onEvent(ProbeEvent event) {
      if (event.type().warning()) {
        log.warn("Probe: {}", event.detail());
      } else {
        log.info("Probe: {}", event.detail());
      }
      listener.accept(event);
    }
  }

  private static Instant earliest(Instant first, Instant... others) {
    Instant earliest = first;
    for (Instant other : others) {
      if (other != null && other.isBefore(earliest)) {
        earliest = other;
      }
    }
    return earliest;
  }

  private static void cancel(CompletableFuture<?> call) {
    if (call != null) {
      call.cancel(true);
    }
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause() : error;
  }

  private static String kind(Throwable error) {
    Throwable cause = unwrap(error);
    return cause instanceof FetchException fetch ? fetch.kind().name()
        : cause.getClass().getSimpleName();
  }

  private static String message(Throwable error) {
    Throwable cause = unwrap(error);
    return cause instanceof FetchException fetch ? fetch.reason()
        : String.valueOf(cause.getMessage());
  }

  /** A growable list of longs, to keep latency samples without boxing. */
  private static final class LongSamples {
    private long[] values = new long[64];
    private int size;

    void add(long value) {
      if (size == values.length) {
        values = java.util.Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    LatencyStats stats() {
      return LatencyStats.of(java.util.Arrays.copyOf(values, size));
    }
  }
}
