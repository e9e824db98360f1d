package io.streaminglab.switcher;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;

/**
 * One switcher's metrics, in {@link SwitcherMetricFamilies} under its name. {@code
 * switcher_origin_up{origin}} and {@code switcher_origin_healthy{origin}} tell the alert rules
 * (monitoring/rules) how each origin looks from here: up means it answers at all, healthy that
 * it also passes the checks.
 */
final class SwitcherMetrics {
  private final SwitcherMetricFamilies families;
  private final String switcher;

  SwitcherMetrics(SwitcherMetricFamilies families, String switcher, SegmentCache cache) {
    this.families = families;
    this.switcher = switcher;
    families.cache(switcher, cache);
    families.info.labelValues(switcher).set(1);
    families.activeOrigin.labelValues(switcher).set(1);
  }

  /** The metrics of a switcher alone in {@code registry}. */
  SwitcherMetrics(PrometheusRegistry registry, SegmentCache cache) {
    this(new SwitcherMetricFamilies(registry), SwitcherConfig.DEFAULT_NAME, cache);
  }

  void active(Origin origin) {
    families.activeOrigin.labelValues(switcher).set(origin == Origin.PRIMARY ? 1 : 0);
  }

  void switched(FailoverPolicy.Switch change) {
    (change.kind() == FailoverPolicy.Switch.Kind.FAILOVER ? families.failovers
        : families.switchbacks).labelValues(switcher).inc();
    active(change.to());
  }

  void polled(Origin origin, PollResult result, Duration age, boolean isHealthy) {
    String label = origin.label();
    families.pollDuration.labelValues(switcher, label)
        .observe(result.latency().toNanos() / 1e9);
    families.polls.labelValues(switcher, label, result.succeeded() ? "ok" : "error").inc();
    if (result.status() >= 500) {
      families.http5xx.labelValues(switcher, label).inc();
    }
    if (age != null) {
      families.segmentAge.labelValues(switcher, label).set(age.toMillis() / 1000.0);
    }
    families.healthy.labelValues(switcher, label).set(isHealthy ? 1 : 0);
    families.up.labelValues(switcher, label).set(answered(result) ? 1 : 0);
  }

  /** A hard fault is no answer or a 5xx; a 404 or a stale playlist comes from a live server. */
  private static boolean answered(PollResult result) {
    return result.status() > 0 && result.status() < 500;
  }

  void peer(String pathway, boolean isUp) {
    families.peerUp.labelValues(switcher, pathway).set(isUp ? 1 : 0);
  }

  void served(String kind, int status, long nanos) {
    families.requests.labelValues(switcher, kind, Integer.toString(status)).inc();
    families.requestDuration.labelValues(switcher, kind).observe(nanos / 1e9);
  }

  void fallback(Origin failed) {
    families.fallbacks.labelValues(switcher, failed.label()).inc();
  }

  void withheld(Origin origin) {
    families.withheld.labelValues(switcher, origin.label()).inc();
  }

  void aligned(boolean aligned) {
    families.aligned.labelValues(switcher).set(aligned ? 1 : 0);
  }

  void outputSequence(long sequence) {
    families.outputSequence.labelValues(switcher).set(sequence);
  }

  /** Creates every labelled series at zero, so that dashboards and alerts see them at once. */
  void initialise() {
    families.failovers.labelValues(switcher);
    families.switchbacks.labelValues(switcher);
    for (Origin origin : Origin.values()) {
      families.http5xx.labelValues(switcher, origin.label());
      families.fallbacks.labelValues(switcher, origin.label());
      families.withheld.labelValues(switcher, origin.label());
      families.healthy.labelValues(switcher, origin.label());
      families.up.labelValues(switcher, origin.label());
    }
  }
}
