package io.streaminglab.switcher;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The switchers' metric families in one registry, registered once and shared by every switcher
 * of the process: each series carries {@code switcher}, the switcher's name, so that the two
 * switchers of {@code up} share the lab's registry. The seed lab's names are kept exactly:
 * {@code switcher_active_origin} (1 primary, 0 backup), {@code segment_age_seconds{origin}},
 * {@code origin_http_5xx_total{origin}}, {@code failovers_total} and {@code switchbacks_total}.
 *
 * <p>No metric keeps exemplars: nothing here is traced, and an exemplar-enabled metric does
 * sampling work on every update and wakes a scheduler thread many times a second.
 */
public final class SwitcherMetricFamilies {
  final Gauge info;
  final Gauge activeOrigin;
  final Gauge segmentAge;
  final Counter http5xx;
  final Counter failovers;
  final Counter switchbacks;
  final Gauge healthy;
  final Gauge up;
  final Gauge peerUp;
  final Histogram pollDuration;
  final Counter polls;
  final Counter requests;
  final Histogram requestDuration;
  final Counter fallbacks;
  final Counter withheld;
  final Gauge outputSequence;
  final Gauge aligned;
  private final List<NamedCache> caches = new CopyOnWriteArrayList<>();

  private record NamedCache(String switcher, SegmentCache cache) {}

  public SwitcherMetricFamilies(PrometheusRegistry registry) {
    info = Gauge.builder().name("switcher_info")
        .help("1 for each switcher of this process, by name").labelNames("switcher")
        .withoutExemplars().register(registry);
    activeOrigin = Gauge.builder().name("switcher_active_origin")
        .help("The origin players are served from: 1 primary, 0 backup").labelNames("switcher")
        .withoutExemplars().register(registry);
    segmentAge = Gauge.builder().name("segment_age_seconds")
        .help("Now minus the last EXT-X-PROGRAM-DATE-TIME of the origin's playlist")
        .labelNames("switcher", "origin").withoutExemplars().register(registry);
    http5xx = Counter.builder().name("origin_http_5xx_total")
        .help("Playlist polls the origin answered with a 5xx status")
        .labelNames("switcher", "origin").withoutExemplars().register(registry);
    failovers = Counter.builder().name("failovers_total")
        .help("Switches from the primary to the backup").labelNames("switcher")
        .withoutExemplars().register(registry);
    switchbacks = Counter.builder().name("switchbacks_total")
        .help("Switches from the backup back to the primary").labelNames("switcher")
        .withoutExemplars().register(registry);
    healthy = Gauge.builder().name("switcher_origin_healthy")
        .help("1 when the origin's last check was healthy, else 0")
        .labelNames("switcher", "origin").withoutExemplars().register(registry);
    up = Gauge.builder().name("switcher_origin_up")
        .help("1 when the origin answered the last playlist poll below 500, 0 when it refused, "
            + "reset, timed out or answered 5xx").labelNames("switcher", "origin")
        .withoutExemplars().register(registry);
    peerUp = Gauge.builder().name("switcher_peer_up")
        .help("1 while the other switcher of that pathway answers its /healthz with 200, as "
            + "this switcher sees it; its steering manifest puts pathways that are down last")
        .labelNames("switcher", "pathway").withoutExemplars().register(registry);
    pollDuration = Histogram.builder().name("switcher_poll_duration_seconds")
        .help("Time to fetch an origin's playlist").labelNames("switcher", "origin")
        .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2)
        .withoutExemplars().register(registry);
    polls = Counter.builder().name("switcher_polls_total")
        .help("Playlist polls by origin and result").labelNames("switcher", "origin", "result")
        .withoutExemplars().register(registry);
    requests = Counter.builder().name("switcher_requests_total")
        .help("Requests served, by kind and status code").labelNames("switcher", "kind", "code")
        .withoutExemplars().register(registry);
    requestDuration = Histogram.builder().name("switcher_request_duration_seconds")
        .help("Time to answer a request, by kind").labelNames("switcher", "kind")
        .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
            2.5, 5)
        .withoutExemplars().register(registry);
    fallbacks = Counter.builder().name("switcher_segment_fallbacks_total")
        .help("Segment fetches that failed on one origin and went to the other, by the origin "
            + "that failed").labelNames("switcher", "origin").withoutExemplars()
        .register(registry);
    withheld = Counter.builder().name("switcher_segments_withheld_total")
        .help("Fetches of a segment only this origin could serve that failed or came back "
            + "broken, so that the segment was kept out of the switcher's playlist")
        .labelNames("switcher", "origin").withoutExemplars().register(registry);
    outputSequence = Gauge.builder().name("switcher_media_sequence")
        .help("The last media sequence number of the switcher's playlist")
        .labelNames("switcher").withoutExemplars().register(registry);
    aligned = Gauge.builder().name("switcher_origins_aligned")
        .help("1 while both origins list the same segments under the same names and dates (a "
            + "failover between them is seamless), 0 while they do not (a failover splices with "
            + "a discontinuity); judged while both are healthy, absent until first judged")
        .labelNames("switcher").withoutExemplars().register(registry);
    CounterWithCallback.builder().name("switcher_cache_hits_total")
        .help("Segment requests served from memory").labelNames("switcher")
        .callback(cb -> caches.forEach(c -> cb.call(c.cache().hits(), c.switcher())))
        .register(registry);
    CounterWithCallback.builder().name("switcher_cache_misses_total")
        .help("Segment requests that had to fetch from an origin").labelNames("switcher")
        .callback(cb -> caches.forEach(c -> cb.call(c.cache().misses(), c.switcher())))
        .register(registry);
    GaugeWithCallback.builder().name("switcher_cache_bytes")
        .help("Bytes of segments held in memory").labelNames("switcher")
        .callback(cb -> caches.forEach(c -> cb.call(c.cache().bytes(), c.switcher())))
        .register(registry);
  }

  /** Reports {@code cache} as the cache of {@code switcher}, replacing an earlier one. */
  void cache(String switcher, SegmentCache cache) {
    caches.removeIf(c -> c.switcher().equals(switcher));
    caches.add(new NamedCache(switcher, cache));
  }
}
