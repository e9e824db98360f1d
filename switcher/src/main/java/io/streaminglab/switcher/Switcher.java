package io.streaminglab.switcher;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.streaminglab.hls.MediaPlaylist;
import io.streaminglab.hls.MediaSegment;
import io.streaminglab.hls.MultivariantParser;
import io.streaminglab.hls.PlaylistFormatException;
import io.streaminglab.hls.PlaylistParser;
import io.streaminglab.hls.PlaylistWriter;
import io.streaminglab.hls.VariantStream;
import io.streaminglab.httpclient.FetchException;
import io.streaminglab.httpclient.HttpFetcher;
import io.streaminglab.httpclient.HttpFetcherConfig;
import io.streaminglab.httpclient.HttpResult;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failover switcher's core: polls both origins, judges them, runs the {@link FailoverPolicy},
 * keeps the {@link PlaylistStitcher}'s playlist, and prefetches each new segment into the
 * {@link SegmentCache}. A segment only one origin can serve is fetched whole before it is
 * published ({@link VettedSegments} says why); one that comes back broken while the origins are
 * not aligned makes its origin unhealthy, so that the policy fails over and the stitcher splices
 * the other origin in by date. All of that state lives on one thread (the monitor); players and
 * the admin API read immutable snapshots or hand work to that thread.
 *
 * <p>Lifecycle: {@link #start()} starts polling; {@link #close()} stops it. Serving is
 * {@link SwitcherServer}'s job.
 */
public final class Switcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Switcher.class);
  /** Segments that left the playlist stay fetchable this many windows longer. */
  private static final int HISTORY_WINDOWS = 3;
  /** The longest the switcher's playlist may lag the origins' by. */
  private static final Duration REFRESH = Duration.ofSeconds(1);
  private static final Duration FIRST_PLAYLIST_POLL = Duration.ofMillis(250);
  /** Ticks that come this close to a full check interval count as one. */
  private static final Duration CHECK_SLACK = Duration.ofMillis(100);
  private static final Duration DESCRIBE_EVERY = Duration.ofSeconds(10);

  private final SwitcherConfig config;
  private final Clock clock;
  private final HttpFetcher pollFetcher;
  private final HttpFetcher segmentFetcher;
  private final SegmentCache cache;
  private final SegmentFetcher segments;
  private final SwitcherMetrics metrics;
  private final OriginWatch[] watches;
  private final URI[] playlistUrls;
  private final FailoverPolicy policy;
  private final PlaylistStitcher stitcher;
  private final VettedSegments vetted;
  private final OriginAlignment alignment = new OriginAlignment();
  private final Map<Long, OutputSegment> history = new LinkedHashMap<>();
  private final AtomicLong failovers = new AtomicLong();
  private final AtomicLong switchbacks = new AtomicLong();
  private final StatusHistory statusHistory;
  private final ScheduledExecutorService monitor;
  private boolean polling;
  private Instant lastCheckAt;
  /** The other switchers of the chain, by pathway; empty for a switcher alone. */
  private final Map<String, URI> peerHealth = new LinkedHashMap<>();
  private final PeerWatch peerWatch;
  /** Where each peer serves its media playlist, asked once before the first output. */
  private final Map<String, URI> peerPlaylists = new LinkedHashMap<>();
  private boolean peerPlaylistAsked;
  /** Whether the stitcher may start: the peers' playlists were asked and answered (or not). */
  private boolean peerPlaylistSettled;
  private boolean peersPolling;
  private volatile Map<String, Boolean> peers;
  /** The stream as the origins' live.m3u8 describes it, and when that was last asked. */
  private volatile VariantStream described;
  private Instant describedAt;
  private boolean describing;

  private volatile View view = View.EMPTY;

  /** A switcher alone in {@code registry}. */
  public Switcher(SwitcherConfig config, PrometheusRegistry registry, Clock clock) {
    this(config, new SwitcherMetricFamilies(registry), clock);
  }

  /** A switcher whose metrics join the other switchers' of the process in {@code families}. */
  public Switcher(SwitcherConfig config, SwitcherMetricFamilies families, Clock clock) {
    this.config = config;
    this.clock = clock;
    // A poll must end before the next tick, or that tick is skipped and a hanging origin takes
    // two intervals to notice.
    Duration pollTimeout = clamp(Duration.ofMillis(
        Math.min(config.checkInterval().toMillis(), REFRESH.toMillis()) * 3 / 4),
        Duration.ofMillis(250), Duration.ofSeconds(2));
    this.pollFetcher = new HttpFetcher(HttpFetcherConfig.defaults()
        .withConnectTimeout(pollTimeout).withResponseTimeout(pollTimeout)
        .withMaxBodyBytes(PlaylistParser.MAX_LENGTH * 4));
    this.segmentFetcher = new HttpFetcher(HttpFetcherConfig.defaults()
        .withConnectTimeout(Duration.ofSeconds(1)).withResponseTimeout(Duration.ofSeconds(3))
        .withMaxBodyBytes(64 << 20));
    this.cache = new SegmentCache(config.cacheBytes());
    this.metrics = new SwitcherMetrics(families, config.name(), cache);
    this.segments = new SegmentFetcher(segmentFetcher, metrics);
    this.playlistUrls = new URI[] {config.playlistUrl(Origin.PRIMARY),
        config.playlistUrl(Origin.BACKUP)};
    this.watches = new OriginWatch[] {
        new OriginWatch(Origin.PRIMARY, playlistUrls[0], config.segmentAgeThreshold()),
        new OriginWatch(Origin.BACKUP, playlistUrls[1], config.segmentAgeThreshold())};
    this.policy = new FailoverPolicy(config.requiredWindows(), config.minDwell());
    this.stitcher = new PlaylistStitcher(config.windowSize());
    this.statusHistory = StatusHistory.defaults(clock);
    // A segment that failed is tried again once a check: a transient fault heals before the
    // policy acts, a lasting one does not cost the origin a request per refresh.
    this.vetted = new VettedSegments(config.checkInterval());
    this.monitor = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, "switcher-monitor");
      thread.setDaemon(true);
      return thread;
    });
    config.peerAddresses().forEach((pathway, base) -> {
      String root = base.toString().replaceFirst("/+$", "");
      peerHealth.put(pathway, URI.create(root + "/healthz"));
      peerPlaylists.put(pathway, URI.create(root + "/hls/index.m3u8"));
    });
    this.peerPlaylistSettled = peerPlaylists.isEmpty();
    this.peerWatch = new PeerWatch(peerHealth.keySet(), config.requiredWindows());
    this.peers = peerWatch.up();
    metrics.initialise();
    peers.forEach(metrics::peer);
  }

  private static Duration clamp(Duration value, Duration min, Duration max) {
    return value.compareTo(min) < 0 ? min : value.compareTo(max) > 0 ? max : value;
  }

  public SwitcherConfig config() {
    return config;
  }

  SwitcherMetrics metrics() {
    return metrics;
  }

  /** Starts polling both origins every check interval. */
  public Switcher start() {
    // Playlists are refreshed at least every REFRESH (a fraction of a 2 s target), even with
    // the seed's 5 s checks: the health verdicts and the policy run every check interval, but
    // the players' playlist must not lag the origins by a whole check interval.
    long period = Math.min(config.checkInterval().toMillis(), REFRESH.toMillis());
    monitor.scheduleAtFixedRate(this::tick, 0, period, TimeUnit.MILLISECONDS);
    // Until players have a first playlist, look more often: a lab that has just started
    // serves its first segment as soon as a packager writes it, not up to a period later.
    ScheduledFuture<?>[] eager = new ScheduledFuture<?>[1];
    eager[0] = monitor.scheduleAtFixedRate(() -> {
      if (view.playlistText() != null) {
        eager[0].cancel(false);
      } else {
        tick();
      }
    }, FIRST_PLAYLIST_POLL.toMillis(), FIRST_PLAYLIST_POLL.toMillis(), TimeUnit.MILLISECONDS);
    log.info("Switcher watching {} and {} every {} ms", playlistUrls[0], playlistUrls[1],
        config.checkInterval().toMillis());
    return this;
  }

  /** The last ten minutes of segment ages and active origins, and the last switches. */
  public StatusHistory history() {
    return statusHistory;
  }

  /** What players and operators see now: never blocks. */
  public View view() {
    return view;
  }

  /** Output segment {@code sequence}, from memory or from its origins, or null if unknown. */
  CompletableFuture<FetchedSegment> segment(long sequence) {
    OutputSegment segment = view.segments().get(sequence);
    if (segment == null) {
      return null;
    }
    Origin active = view.active();
    return cache.get(sequence, () -> segments.fetch(segment, active));
  }

  /** Runs {@code action} on the monitor thread with the policy, and returns the new view. */
  View operate(Function<FailoverPolicy, FailoverPolicy.Switch> action)
      throws InterruptedException {
    try {
      return monitor.submit(() -> {
        FailoverPolicy.Switch change = action.apply(policy);
        if (change != null) {
          switched(change);
        }
        refresh(clock.instant());
        return view;
      }).get(5, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the switcher's monitor did not answer", e);
    }
  }

  private void tick() {
    askPeerPlaylist();
    pollPeers();
    describe();
    if (polling) {
      return;
    }
    polling = true;
    CompletableFuture<PollResult> primary = poll(Origin.PRIMARY);
    CompletableFuture<PollResult> backup = poll(Origin.BACKUP);
    CompletableFuture.allOf(primary, backup).whenCompleteAsync((ignored, error) -> {
      try {
        checked(primary.join(), backup.join());
      } catch (RuntimeException e) {
        log.error("Switcher check failed", e);
      } finally {
        polling = false;
      }
    }, monitor);
  }

  /**
   * Once, before the first output: what the other switchers serve, so that a switcher started
   * while another runs numbers as that one does ({@link PlaylistStitcher#adopt}). The first
   * peer that answers with a playlist is taken; none answering (both starting) is fine.
   */
  private void askPeerPlaylist() {
    if (peerPlaylistAsked || peerPlaylistSettled) {
      return;
    }
    peerPlaylistAsked = true;
    List<CompletableFuture<Map.Entry<String, MediaPlaylist>>> answers = new ArrayList<>();
    peerPlaylists.forEach((pathway, url) -> answers.add(pollFetcher.get(url, Map.of())
        .handle((result, error) -> {
          if (error != null || result.status() != 200) {
            return null;
          }
          try {
            return Map.entry(pathway, PlaylistParser.parse(new String(result.body(),
                StandardCharsets.UTF_8)));
          } catch (PlaylistFormatException e) {
            log.debug("{}: switcher {} served a playlist that does not parse: {}",
                config.name(), pathway, e.getMessage());
            return null;
          }
        })));
    CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
        .whenCompleteAsync((ignored, error) -> {
          for (CompletableFuture<Map.Entry<String, MediaPlaylist>> answer : answers) {
            Map.Entry<String, MediaPlaylist> peer = answer.getNow(null);
            if (peer != null && !peer.getValue().segments().isEmpty()) {
              stitcher.adopt(peer.getValue());
              log.info("{}: starts from switcher {}'s numbering (media sequence {}, "
                  + "discontinuity sequence {}) where its segments are the origins'",
                  config.name(), peer.getKey(), peer.getValue().mediaSequence(),
                  peer.getValue().discontinuitySequence());
              break;
            }
          }
          peerPlaylistSettled = true;
          refresh(clock.instant());
        }, monitor);
  }

  /** Asks every other switcher of the chain for its /healthz, at most one round at a time. */
  private void pollPeers() {
    if (peersPolling || peerHealth.isEmpty()) {
      return;
    }
    peersPolling = true;
    List<CompletableFuture<Void>> all = new ArrayList<>();
    peerHealth.forEach((pathway, url) -> all.add(pollFetcher.get(url, Map.of())
        .handle((result, error) -> error == null && result.status() == 200)
        .thenAcceptAsync(answered -> peerPolled(pathway, answered), monitor)));
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
        .whenCompleteAsync((ignored, error) -> peersPolling = false, monitor);
  }

  /** On the monitor thread. */
  private void peerPolled(String pathway, boolean answered) {
    boolean servedBefore = peerWatch.served(pathway);
    if (peerWatch.onPoll(pathway, answered)) {
      if (servedBefore) {
        log.warn("{}: switcher {} is {}: the steering manifest now lists it {}", config.name(),
            pathway, answered ? "up again" : "down", answered ? "in its place" : "last");
      } else if (answered) {
        log.info("{}: switcher {} serves: the steering manifest lists it in its place",
            config.name(), pathway);
      } else {
        // Both switchers of a chain answer 503 until their origins have a playlist.
        log.info("{}: switcher {} does not serve yet: the steering manifest lists it last "
            + "until it does", config.name(), pathway);
      }
    }
    peers = peerWatch.up();
    metrics.peer(pathway, peers.get(pathway));
  }

  /**
   * Every ten seconds, reads how the origins describe the stream (the packagers' live.m3u8:
   * bandwidth, codecs, resolution), the active origin first.
   */
  private void describe() {
    Instant now = clock.instant();
    if (describing || (describedAt != null
        && now.isBefore(describedAt.plus(DESCRIBE_EVERY)))) {
      return;
    }
    describing = true;
    describedAt = now;
    Origin first = policy.active();
    describe(first).thenCompose(variant -> variant != null
            ? CompletableFuture.completedFuture(variant) : describe(first.other()))
        .whenCompleteAsync((variant, error) -> {
          describing = false;
          if (variant != null) {
            described = variant;
          }
        }, monitor);
  }

  private CompletableFuture<VariantStream> describe(Origin origin) {
    URI base = origin == Origin.PRIMARY ? config.primaryBaseUrl() : config.backupBaseUrl();
    URI live = URI.create(base.toString().replaceFirst("/+$", "") + "/"
        + LivePlaylist.ORIGIN_VARIANTS);
    return pollFetcher.get(live, Map.of()).handle((result, error) -> {
      if (error != null || result.status() != 200) {
        return null;
      }
      try {
        return MultivariantParser.parse(new String(result.body(), StandardCharsets.UTF_8))
            .variants().get(0);
      } catch (PlaylistFormatException e) {
        log.debug("{} is not a multivariant playlist: {}", live, e.getMessage());
        return null;
      }
    });
  }

  /**
   * The switcher's multivariant playlist, or null while nothing describes the stream: the
   * origins' description, else a bandwidth measured on the segments in memory.
   */
  public String livePlaylistText() {
    VariantStream stream = described;
    if (stream == null) {
      stream = measured();
    }
    return stream == null ? null : LivePlaylist.write(config, stream);
  }

  /** A description from the segments in memory alone: their peak bit rate. */
  private VariantStream measured() {
    long peak = 0;
    for (OutputSegment segment : view.segments().values()) {
      long length = cache.length(segment.sequence());
      if (length > 0 && segment.durationSeconds() > 0) {
        peak = Math.max(peak, (long) Math.ceil(length * 8 / segment.durationSeconds()));
      }
    }
    return peak == 0 ? null
        : new VariantStream(LivePlaylist.MEDIA_PLAYLIST, peak, null, null, null, null, null);
  }

  /**
   * Every pathway of the chain in order of preference, with whether it is up: this switcher
   * while it can serve a playlist, the others as {@link PeerWatch} sees them.
   */
  public Map<String, Boolean> pathways() {
    Map<String, Boolean> states = new LinkedHashMap<>();
    Map<String, Boolean> others = peers;
    boolean self = !"down".equals(HealthReport.status(view));
    if (config.pathways().isEmpty()) {
      states.put(config.name(), self);
      return states;
    }
    for (String pathway : config.pathways().keySet()) {
      states.put(pathway, pathway.equals(config.name()) ? self
          : others.getOrDefault(pathway, true));
    }
    return states;
  }

  private CompletableFuture<PollResult> poll(Origin origin) {
    long started = System.nanoTime();
    return pollFetcher.get(playlistUrls[origin.ordinal()], Map.of())
        .handle((result, error) -> toPollResult(result, error, System.nanoTime() - started));
  }

  private static PollResult toPollResult(HttpResult result, Throwable error, long nanos) {
    Duration latency = Duration.ofNanos(nanos);
    if (error != null) {
      Throwable cause = error instanceof CompletionException && error.getCause() != null
          ? error.getCause() : error;
      String reason = cause instanceof FetchException
          ? describe((FetchException) cause) : cause.toString();
      return PollResult.failed(0, reason, latency);
    }
    if (result.status() != 200) {
      return PollResult.failed(result.status(), "answered HTTP " + result.status(), latency);
    }
    try {
      MediaPlaylist playlist = PlaylistParser.parse(
          new String(result.body(), StandardCharsets.UTF_8));
      return PollResult.ok(result.status(), playlist, latency);
    } catch (PlaylistFormatException e) {
      return PollResult.failed(result.status(), "served something that is not a media "
          + "playlist (" + e.getMessage() + ")", latency);
    }
  }

  private static String describe(FetchException e) {
    switch (e.kind()) {
      case CONNECT_REFUSED:
        return "refused the connection";
      case CONNECT_TIMEOUT:
        return "did not accept the connection in time";
      case RESPONSE_TIMEOUT:
        return "did not answer in time";
      default:
        return e.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": "
            + e.getMessage();
    }
  }

  /** On the monitor thread: both polls are in. */
  private void checked(PollResult primary, PollResult backup) {
    Instant now = clock.instant();
    PollResult[] results = {primary, backup};
    FailoverPolicy.Health[] health = new FailoverPolicy.Health[2];
    for (Origin origin : Origin.values()) {
      OriginWatch watch = watches[origin.ordinal()];
      watch.onPoll(now, results[origin.ordinal()]);
      health[origin.ordinal()] = watch.health(now);
      metrics.polled(origin, results[origin.ordinal()], watch.segmentAge(now),
          health[origin.ordinal()].healthy());
    }
    judgeAlignment(now, health[0].healthy() && health[1].healthy());
    boolean checkDue = lastCheckAt == null
        || !now.plus(CHECK_SLACK).isBefore(lastCheckAt.plus(config.checkInterval()));
    if (checkDue) {
      lastCheckAt = now;
      FailoverPolicy.Switch change = policy.check(now, health[0], health[1]);
      if (change != null) {
        switched(change);
      }
    }
    refresh(now);
  }

  private void judgeAlignment(Instant now, boolean bothHealthy) {
    OriginAlignment.Verdict verdict = alignment.update(now, watches[0].playlist(),
        watches[1].playlist(), bothHealthy);
    if (verdict == null) {
      return;
    }
    metrics.aligned(verdict.aligned());
    String who = config.pathways().isEmpty() ? "" : config.name() + ": ";
    if (verdict.aligned()) {
      log.info("{}The origins are aligned (the same segments under the same names and dates): "
          + "a failover between them is seamless", who);
    } else {
      log.warn("{}The origins are not aligned: {}; a failover between them splices by date "
          + "with a discontinuity. Feed both ingests from one encoder that sends its clock "
          + "(docs/redundant-ingest.md)", who, verdict.why());
    }
  }

  private void switched(FailoverPolicy.Switch change) {
    (change.kind() == FailoverPolicy.Switch.Kind.FAILOVER ? failovers : switchbacks)
        .incrementAndGet();
    metrics.switched(change);
    statusHistory.switched(change);
    // Two switchers may share a process (and its log): a switcher of a chain says which it is.
    log.warn("{}{} to {}: {}", config.pathways().isEmpty() ? "" : config.name() + ": ",
        change.kind() == FailoverPolicy.Switch.Kind.FAILOVER ? "Failover" : "Switchback",
        change.to().label(), change.reason());
  }

  /** Brings the stitched playlist up to date and publishes a new view. */
  private void refresh(Instant now) {
    Origin active = policy.active();
    MediaPlaylist[] playlists = {watches[0].playlist(), watches[1].playlist()};
    List<OutputSegment> added = peerPlaylistSettled
        ? stitcher.update(active, playlists, playlistUrls, vetted::whole) : List.of();
    for (OutputSegment segment : added) {
      history.put(segment.sequence(), segment);
      FetchedSegment vettedBytes = takeVetted(segment);
      if (vettedBytes != null) {
        cache.put(segment.sequence(), vettedBytes);
      } else {
        // Fetch now, while its origin is known good: a later fault then costs nothing.
        cache.prefetch(segment.sequence(), () -> segments.fetch(segment, active))
            .exceptionally(error -> null);
      }
    }
    vet(now, playlists);
    int keep = config.windowSize() * HISTORY_WINDOWS;
    while (history.size() > keep) {
      long gone = history.keySet().iterator().next();
      history.remove(gone);
      cache.remove(gone);
    }
    MediaPlaylist output = stitcher.playlist();
    if (output != null) {
      metrics.outputSequence(output.lastSequence());
    }
    Instant lastServed = lastPlaylistAt();
    view = new View(active, policy.pinned(), output,
        output == null ? null : PlaylistWriter.write(output), Map.copyOf(history),
        new OriginView[] {originView(0, now, active), originView(1, now, active)},
        failovers.get(), switchbacks.get(), policy.lastSwitch(), lastServed, now,
        stitcher.line(), alignment.reported());
    statusHistory.sample(view);
  }

  /** The bytes fetched whole for one of {@code segment}'s sources, with their origin, or null. */
  private FetchedSegment takeVetted(OutputSegment segment) {
    FetchedSegment fetched = null;
    for (OutputSegment.Source source : segment.sources()) {
      byte[] taken = vetted.take(source.uri());
      if (fetched == null && taken != null) {
        fetched = new FetchedSegment(source.origin(), taken);
      }
    }
    return fetched;
  }

  /**
   * Fetches the segments the stitcher waits for, and the segment that would show an origin
   * serving broken segments whole again.
   */
  private void vet(Instant now, MediaPlaylist[] playlists) {
    List<OutputSegment.Source> wanted = new ArrayList<>(stitcher.awaiting());
    for (OriginWatch watch : watches) {
      URI recheck = watch.segmentToRecheck();
      if (recheck != null) {
        wanted.add(new OutputSegment.Source(watch.origin(), recheck));
      }
    }
    for (OutputSegment.Source source : vetted.due(wanted, now)) {
      segments.fetchWhole(source)
          .whenCompleteAsync((bytes, error) -> vetted(source, bytes, error), monitor);
    }
    Set<URI> listed = new HashSet<>();
    for (int i = 0; i < playlists.length; i++) {
      if (playlists[i] != null) {
        for (MediaSegment segment : playlists[i].segments()) {
          listed.add(playlistUrls[i].resolve(segment.uri()));
        }
      }
    }
    vetted.retain(listed);
  }

  /** On the monitor thread: a segment fetched to vet it came back. */
  private void vetted(OutputSegment.Source source, byte[] bytes, Throwable error) {
    Instant now = clock.instant();
    OriginWatch watch = watches[source.origin().ordinal()];
    String label = source.origin().label();
    if (error == null) {
      vetted.fetched(source.uri(), bytes);
      if (watch.segmentFetched(source.uri())) {
        log.info("{} served {} whole: its segments count as good again", label,
            source.uri().getPath());
      }
    } else {
      vetted.failed(source.uri(), now);
      metrics.withheld(source.origin());
      Throwable cause = error instanceof CompletionException && error.getCause() != null
          ? error.getCause() : error;
      String reason = cause instanceof FetchException
          ? source.uri().getPath() + " " + describe((FetchException) cause) : cause.getMessage();
      // Aligned origins serve each segment under one name: the other one's copy is taken.
      if (!originsAligned() && watch.segmentFailed(source.uri(), reason)) {
        log.warn("Segment kept out of the playlist: {}; {} counts as unhealthy until it "
            + "serves that segment whole", reason, label);
      }
    }
    refresh(now);
  }

  private boolean originsAligned() {
    MediaPlaylist primary = watches[0].playlist();
    MediaPlaylist backup = watches[1].playlist();
    return primary != null && backup != null && PlaylistStitcher.aligned(primary, backup);
  }

  private Instant lastPlaylistAt() {
    Instant a = watches[0].playlistAt();
    Instant b = watches[1].playlistAt();
    return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
  }

  private OriginView originView(int index, Instant now, Origin active) {
    OriginWatch watch = watches[index];
    FailoverPolicy.Health health = watch.health(now);
    MediaPlaylist playlist = watch.playlist();
    return new OriginView(watch.origin(), watch.origin() == active, health.healthy(),
        health.reason(), watch.segmentAge(now), watch.lastPoll(), watch.lastPollAt(),
        playlist == null ? -1 : playlist.mediaSequence(),
        playlist == null ? -1 : playlist.lastSequence(), watch.http5xx(), watch.polls());
  }

  @Override
  public void close() {
    monitor.shutdownNow();
    try {
      monitor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pollFetcher.close();
    segmentFetcher.close();
  }

  /**
   * Everything players and operators can see, as of one check.
   *
   * @param playlistText the output playlist as served, or null before the first segment
   * @param segments the output segments still fetchable, by sequence number
   * @param lastPlaylistAt when an origin last served a playlist, or null
   * @param at when this view was made
   * @param line the origin whose numbering the output follows
   * @param alignment whether the origins are aligned, once judged ({@link OriginAlignment}),
   *     or null
   */
  public record View(Origin active, Origin pinned, MediaPlaylist playlist, String playlistText,
      Map<Long, OutputSegment> segments, OriginView[] origins, long failovers,
      long switchbacks, FailoverPolicy.Switch lastSwitch, Instant lastPlaylistAt, Instant at,
      Origin line, OriginAlignment.Verdict alignment) {
    static final View EMPTY = new View(Origin.PRIMARY, null, null, null, Map.of(),
        new OriginView[0], 0, 0, null, null, null, null, null);
  }

  /** One origin as the switcher sees it. */
  public record OriginView(Origin origin, boolean active, boolean healthy, String reason,
      Duration segmentAge, PollResult lastPoll, Instant lastPollAt, long mediaSequence,
      long lastSequence, long http5xx, long polls) {}
}
