package io.streaminglab.switcher;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;

/**
 * The switcher's metrics. The seed lab's names are kept exactly: {@code switcher_active_origin}
 * (1 primary, 0 backup), {@code segment_age_seconds{origin}}, {@code origin_http_5xx_total{origin}},
 * {@code failovers_total} and {@code switchbacks_total}. {@code switcher_origin_up{origin}} and
 * {@code switcher_origin_healthy{origin}} tell the alert rules (monitoring/rules) how each origin
 * looks from here: up means it answers at all, healthy that it also passes the checks.
 *
 * <p>No metric keeps exemplars: nothing here is traced, and an exemplar-enabled metric does
 * sampling work on every update and wakes a scheduler thread many times a second.
 */
final class SwitcherMetrics {
  private final Gauge activeOrigin;
  private final Gauge segmentAge;
  private final Counter http5xx;
  private final Counter failovers;
  private final Counter switchbacks;
  private final Gauge healthy;
  private final Gauge up;
  private final Histogram pollDuration;
  private final Counter polls;
  private final Counter requests;
  private final Histogram requestDuration;
  private final Counter fallbacks;
  private final Counter withheld;
  private final Gauge outputSequence;

  SwitcherMetrics(PrometheusRegistry registry, SegmentCache cache) {
    activeOrigin = Gauge.builder().name("switcher_active_origin")
        .help("The origin players are served from: 1 primary, 0 backup")
        .withoutExemplars().register(registry);
    activeOrigin.set(1);
    segmentAge = Gauge.builder().name("segment_age_seconds")
        .help("Now minus the last EXT-X-PROGRAM-DATE-TIME of the origin's playlist")
        .labelNames("origin").withoutExemplars().register(registry);
    http5xx = Counter.builder().name("origin_http_5xx_total")
        .help("Playlist polls the origin answered with a 5xx status").labelNames("origin")
        .withoutExemplars().register(registry);
    failovers = Counter.builder().name("failovers_total")
        .help("Switches from the primary to the backup").withoutExemplars().register(registry);
    switchbacks = Counter.builder().name("switchbacks_total")
        .help("Switches from the backup back to the primary").withoutExemplars().register(registry);
    healthy = Gauge.builder().name("switcher_origin_healthy")
        .help("1 when the origin's last check was healthy, else 0").labelNames("origin")
        .withoutExemplars().register(registry);
    up = Gauge.builder().name("switcher_origin_up")
        .help("1 when the origin answered the last playlist poll below 500, 0 when it refused, "
            + "reset, timed out or answered 5xx").labelNames("origin")
        .withoutExemplars().register(registry);
    pollDuration = Histogram.builder().name("switcher_poll_duration_seconds")
        .help("Time to fetch an origin's playlist").labelNames("origin")
        .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2)
        .withoutExemplars().register(registry);
    polls = Counter.builder().name("switcher_polls_total")
        .help("Playlist polls by origin and result").labelNames("origin", "result")
        .withoutExemplars().register(registry);
    requests = Counter.builder().name("switcher_requests_total")
        .help("Requests served, by kind and status code").labelNames("kind", "code")
        .withoutExemplars().register(registry);
    requestDuration = Histogram.builder().name("switcher_request_duration_seconds")
        .help("Time to answer a request, by kind").labelNames("kind")
        .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
            2.5, 5)
        .withoutExemplars().register(registry);
    fallbacks = Counter.builder().name("switcher_segment_fallbacks_total")
        .help("Segment fetches that failed on one origin and went to the other, by the origin "
            + "that failed").labelNames("origin").withoutExemplars().register(registry);
    withheld = Counter.builder().name("switcher_segments_withheld_total")
        .help("Fetches of a segment only this origin could serve that failed or came back "
            + "broken, so that the segment was kept out of the switcher's playlist")
        .labelNames("origin").withoutExemplars().register(registry);
    outputSequence = Gauge.builder().name("switcher_media_sequence")
        .help("The last media sequence number of the switcher's playlist")
        .withoutExemplars().register(registry);
    CounterWithCallback.builder().name("switcher_cache_hits_total")
        .help("Segment requests served from memory")
        .callback(cb -> cb.call(cache.hits())).register(registry);
    CounterWithCallback.builder().name("switcher_cache_misses_total")
        .help("Segment requests that had to fetch from an origin")
        .callback(cb -> cb.call(cache.misses())).register(registry);
    GaugeWithCallback.builder().name("switcher_cache_bytes")
        .help("Bytes of segments held in memory")
        .callback(cb -> cb.call(cache.bytes())).register(registry);
  }

  void active(Origin origin) {
    activeOrigin.set(origin == Origin.PRIMARY ? 1 : 0);
  }

  void switched(FailoverPolicy.Switch change) {
    (change.kind() == FailoverPolicy.Switch.Kind.FAILOVER ? failovers : switchbacks).inc();
    active(change.to());
  }

  void polled(Origin origin, PollResult result, Duration age, boolean isHealthy) {
    pollDuration.labelValues(origin.label()).observe(result.latency().toNanos() / 1e9);
    polls.labelValues(origin.label(), result.succeeded() ? "ok" : "error").inc();
    if (result.status() >= 500) {
      http5xx.labelValues(origin.label()).inc();
    }
    if (age != null) {
      segmentAge.labelValues(origin.label()).set(age.toMillis() / 1000.0);
    }
    healthy.labelValues(origin.label()).set(isHealthy ? 1 : 0);
    up.labelValues(origin.label()).set(answered(result) ? 1 : 0);
  }

  /** A hard fault is no answer or a 5xx; a 404 or a stale playlist comes from a live server. */
  private static boolean answered(PollResult result) {
    return result.status() > 0 && result.status() < 500;
  }

  void served(String kind, int status, long nanos) {
    requests.labelValues(kind, Integer.toString(status)).inc();
    requestDuration.labelValues(kind).observe(nanos / 1e9);
  }

  void fallback(Origin failed) {
    fallbacks.labelValues(failed.label()).inc();
  }

  void withheld(Origin origin) {
    withheld.labelValues(origin.label()).inc();
  }

  void outputSequence(long sequence) {
    outputSequence.set(sequence);
  }

  /** Creates every labelled series at zero, so that dashboards and alerts see them at once. */
  void initialise() {
    for (Origin origin : Origin.values()) {
      http5xx.labelValues(origin.label());
      fallbacks.labelValues(origin.label());
      withheld.labelValues(origin.label());
      healthy.labelValues(origin.label());
      up.labelValues(origin.label());
    }
  }
}
