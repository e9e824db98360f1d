package io.streaminglab.lab.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlNamesTest {
  @Test
  void aPlainSelectorIsItsName() {
    assertThat(PromQlNames.of("segment_age_seconds{origin=\"primary\"} > 20"))
        .containsExactly("segment_age_seconds");
  }

  @Test
  void functionsAggregationsAndGroupingLabelsAreNotNames() {
    assertThat(PromQlNames.of("histogram_quantile(0.99, sum by (le, kind) "
        + "(rate(switcher_request_duration_seconds_bucket[1m])))"))
        .containsExactly("switcher_request_duration_seconds_bucket");
    assertThat(PromQlNames.of("max without (origin) (switcher_origin_healthy) == 0"))
        .containsExactly("switcher_origin_healthy");
  }

  @Test
  void everyOperandOfABinaryExpressionCounts() {
    assertThat(PromQlNames.of("sum(rate(switcher_cache_hits_total[1m])) / "
        + "(sum(rate(switcher_cache_hits_total[1m])) + sum(rate(switcher_cache_misses_total[5m])))"))
        .containsExactly("switcher_cache_hits_total", "switcher_cache_misses_total");
    assertThat(PromQlNames.of("up{job=\"switcher\"} == 0 or absent(up{job=\"switcher\"})"))
        .containsExactly("up");
  }

  @Test
  void numbersDurationsOffsetsAndStringsAreNotNames() {
    assertThat(PromQlNames.of("8 * rate(ingest_received_bytes_total{path=~\"my.*\"}[1m] "
        + "offset 5m) > 1e3 and on (path) ingest_keyframe_interval_seconds"))
        .containsExactly("ingest_keyframe_interval_seconds", "ingest_received_bytes_total");
  }
}
