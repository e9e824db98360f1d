package io.streaminglab.lab.metrics;

import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmCompilationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmNativeMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The JVM's and the process's own metrics that every command exposes: client_java's {@code
 * JvmMetrics} less {@code jvm_memory_pool_allocated_bytes_total}.
 *
 * <p>That counter is the only one kept up to date between scrapes: it listens to every garbage
 * collection through a JMX notification, which the JVM builds and delivers on a thread of its
 * own. A packager collects every few seconds, and those notifications cost it more CPU than
 * its idle event loop does. Everything else here is read when Prometheus scrapes, and nothing
 * in {@code monitoring/} reads the allocation counter.
 */
public final class JvmProcessMetrics {
  private JvmProcessMetrics() {}

  /** Registers the metrics with {@code registry}; once per registry. */
  public static void register(PrometheusRegistry registry) {
    JvmThreadsMetrics.builder().register(registry);
    JvmBufferPoolMetrics.builder().register(registry);
    JvmClassLoadingMetrics.builder().register(registry);
    JvmCompilationMetrics.builder().register(registry);
    JvmGarbageCollectorMetrics.builder().register(registry);
    JvmMemoryMetrics.builder().register(registry);
    JvmNativeMemoryMetrics.builder().register(registry);
    JvmRuntimeInfoMetric.builder().register(registry);
    ProcessMetrics.builder().register(registry);
  }
}
