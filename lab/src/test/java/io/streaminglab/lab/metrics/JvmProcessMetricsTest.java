package io.streaminglab.lab.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class JvmProcessMetricsTest {
  @Test
  void registersTheJvmAndProcessMetricsButNotTheAllocationCounter() {
    PrometheusRegistry registry = new PrometheusRegistry();
    JvmProcessMetrics.register(registry);

    List<String> names = registry.scrape().stream()
        .map(snapshot -> snapshot.getMetadata().getPrometheusName())
        .collect(Collectors.toList());

    assertThat(names).contains("jvm_memory_used_bytes", "jvm_threads_current",
        "jvm_gc_collection_seconds", "process_cpu_seconds");
    assertThat(names).doesNotContain("jvm_memory_pool_allocated_bytes");
  }
}
