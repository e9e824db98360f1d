package io.streaminglab.probe;

import io.streaminglab.hls.MediaPlaylist;
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
 * Plays a live HLS media playlist as a player would, without decoding, and reports what its
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
 * <p>Events that matter (stalls, lost segments, regressions, errors) are logged as they happen,
 * one line each, and passed to the optional listener on the calling thread.
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
    private final DecodeCheck decodeCheck = config.decodeCheck()
        ? DecodeCheck.onPath().orElse(null) : null;
    private CompletableFuture<HttpResult> playlistCall;
    private CompletableFuture<HttpResult> segmentCall;

    ProbeReport play() throws InterruptedException {
      log.info("Probe playing {} for {} s", config.url(), config.duration().toMillis() / 1e3);
      Instant end = clock.instant().plus(config.duration());
      boolean played = false;
      try {
        while (true) {
          model.tick();
          Instant now = clock.instant();
          if (!now.isBefore(end)) {
            break;
          }
          loadPlaylistIfDue(now);
          fetchSegmentIfDue();
          Instant wake = earliest(end,
              playlistCall == null ? model.nextPlaylistLoadAt() : null,
              segmentCall == null ? model.nextSegmentDueAt() : null,
              model.bufferEmptyAt(), model.stallCountsAt());
          long waitNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1),
              Duration.between(now, wake).toNanos());
          for (Runnable answer = answers.poll(waitNanos, TimeUnit.NANOSECONDS); answer != null;
              answer = answers.poll()) {
            answer.run();
          }
        }
        played = true;
      } finally {
        cancel(playlistCall);
        cancel(segmentCall);
        if (decodeCheck != null) {
          if (played) {
            decodeCheck.finish(DECODE_CHECK_DRAIN);
          } else {
            decodeCheck.abort();
          }
        }
      }
      ProbeReport report = model.report(config.url().toString(), playlistLatency.stats(),
          segmentLatency.stats(), decodeCheck == null ? 0 : decodeCheck.checked(),
          decodeCheck == null ? 0 : decodeCheck.failures());
      log.info("Probe of {} done: {} segments, {} stall(s) ({} s), {} lost, {} repeated, "
          + "{} regression(s), {} discontinuity(ies), {} recovered by a retry; viewer saw a "
          + "problem: {}", report.url(), report.segments(), report.stalls(),
          report.stallSeconds(), report.lost(), report.repeated(), report.regressions(),
          report.discontinuities(), report.recoveredSegments(),
          report.viewerSawProblem() ? "yes, " + String.join(", ", report.problems()) : "no");
      return report;
    }

    private void loadPlaylistIfDue(Instant now) {
      Instant due = model.nextPlaylistLoadAt();
      if (playlistCall != null || due == null || now.isBefore(due)) {
        return;
      }
      CompletableFuture<HttpResult> call = fetcher.get(config.url(), Map.of());
      playlistCall = call;
      call.whenComplete((result, error) -> answers.add(() -> {
        playlistCall = null;
        onPlaylist(now, result, error);
      }));
    }

    private void onPlaylist(Instant requestedAt, HttpResult result, Throwable error) {
      if (error != null) {
        model.playlistFailed(requestedAt, kind(error), message(error));
        return;
      }
      playlistLatency.add(result.latencyNanos());
      if (!result.isSuccessful()) {
        model.playlistFailed(requestedAt, "HTTP_" + result.status(), "status "
            + result.status());
        return;
      }
      MediaPlaylist playlist;
      try {
        playlist = PlaylistParser.parse(new String(result.body(), StandardCharsets.UTF_8));
      } catch (PlaylistFormatException e) {
        model.playlistFailed(requestedAt, "INVALID_PLAYLIST", e.getMessage());
        return;
      }
      log.debug("Playlist: sequence {} to {}, {} bytes in {} ms", playlist.mediaSequence(),
          playlist.lastSequence(), result.body().length, result.latencyNanos() / 1_000_000);
      model.playlistLoaded(requestedAt, playlist, result.body().length);
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
      CompletableFuture<HttpResult> call;
      try {
        URI uri = config.url().resolve(request.uri());
        call = fetcher.get(uri, Map.of());
      } catch (IllegalArgumentException e) {
        model.segmentFailed(request, "UNSUPPORTED_URI", e.getMessage());
        return;
      }
      segmentCall = call;
      call.whenComplete((result, error) -> answers.add(() -> {
        segmentCall = null;
        onSegment(request, result, error);
      }));
    }

    private void onSegment(SegmentRequest request, HttpResult result, Throwable error) {
      if (error != null) {
        model.segmentFailed(request, kind(error), message(error));
        return;
      }
      segmentLatency.add(result.latencyNanos());
      if (!result.isSuccessful()) {
        model.segmentFailed(request, "HTTP_" + result.status(), "status " + result.status());
        return;
      }
      log.debug("Segment {} ({}): {} bytes in {} ms", request.sequence(), request.uri(),
          result.body().length, result.latencyNanos() / 1_000_000);
      model.segmentLoaded(request, result.body().length);
      String origin = result.header("X-Origin");
      listener.accept(new ProbeEvent(clock.instant(), ProbeEvent.Type.SEGMENT_LOADED,
          request.sequence(), request.uri() + ": " + result.body().length + " bytes in "
              + result.latencyNanos() / 1_000_000 + " ms" + (origin == null ? ""
              : " from " + origin)));
      if (decodeCheck != null) {
        decodeCheck.submit(request.sequence(), request.uri(), result.body());
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
