package io.streaminglab.origin;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;

/**
 * One origin's Prometheus metrics, labelled {@code origin} (primary, backup). Labels stay low in
 * cardinality: {@code status_class} is one of 1xx to 5xx; paths are never labels.
 *
 * <p>Several origins share one registry: the metric families are registered once per registry
 * and each instance writes its own {@code origin} label. Two instances with the same name (an
 * origin stopped and started again) add to the same series.
 *
 * <p>No metric keeps exemplars: nothing here is traced, and an exemplar-enabled metric does
 * sampling work on every request and wakes a scheduler thread many times a second.
 */
public final class OriginMetrics {
  private static final Map<PrometheusRegistry, Families> FAMILIES = new WeakHashMap<>();

  private final String origin;
  private final CounterDataPoint[] requestsByClass = new CounterDataPoint[5];
  private final CounterDataPoint sentBytes;
  private final DistributionDataPoint requestDuration;
  private final GaugeDataPoint connections;

  public OriginMetrics(PrometheusRegistry registry, String originName) {
    Objects.requireNonNull(registry, "registry == null");
    this.origin = Objects.requireNonNull(originName, "originName == null");
    if (originName.isBlank()) {
      throw new IllegalArgumentException("originName is blank");
    }
    Families families = Families.of(registry);
    for (int i = 0; i < requestsByClass.length; i++) {
      requestsByClass[i] = families.requests.labelValues(originName, (i + 1) + "xx");
    }
    sentBytes = families.sentBytes.labelValues(originName);
    requestDuration = families.requestDuration.labelValues(originName);
    connections = families.connections.labelValues(originName);
  }

  /** The {@code origin} label of this origin's series. */
  public String origin() {
    return origin;
  }

  void connectionOpened() {
    connections.inc();
  }

  void connectionClosed() {
    connections.dec();
  }

  /**
   * Counts one answered request. Its {@code bodyBytes} count as sent only when the whole
   * response reached the socket ({@code sent}); a client that left half-way sent nothing.
   */
  void requestCompleted(int status, long bodyBytes, boolean sent, long durationNanos) {
    int statusClass = status / 100;
    if (statusClass >= 1 && statusClass <= 5) {
      requestsByClass[statusClass - 1].inc();
    }
    if (sent && bodyBytes > 0) {
      sentBytes.inc(bodyBytes);
    }
    requestDuration.observe(durationNanos / 1e9);
  }

  /** The metric families of one registry, shared by the origins that write to it. */
  private static final class Families {
    final Counter requests;
    final Counter sentBytes;
    final Histogram requestDuration;
    final Gauge connections;

    private Families(PrometheusRegistry registry) {
      requests = Counter.builder().name("origin_requests_total")
          .help("HTTP requests answered by the origin, by status class")
          .labelNames("origin", "status_class").withoutExemplars().register(registry);
      sentBytes = Counter.builder().name("origin_sent_bytes_total")
          .help("Response body bytes the origin sent (files and error texts)")
          .labelNames("origin").withoutExemplars().register(registry);
      requestDuration = Histogram.builder().name("origin_request_duration_seconds")
          .help("Time from a request's arrival to its response's last byte leaving the origin")
          .classicOnly()
          .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
              1, 2.5, 5, 10)
          .labelNames("origin").withoutExemplars().register(registry);
      connections = Gauge.builder().name("origin_connections")
          .help("HTTP connections open to the origin").labelNames("origin")
          .withoutExemplars().register(registry);
    }

    static Families of(PrometheusRegistry registry) {
      synchronized (FAMILIES) {
        return FAMILIES.computeIfAbsent(registry, Families::new);
      }
    }
  }
}
