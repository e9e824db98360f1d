package io.streaminglab.probe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The throughput the probe reports to a steering server. */
class ThroughputEstimateTest {
  @Test
  void isHlsJsDefaultBeforeAnySegment() {
    assertThat(new ThroughputEstimate().bitsPerSecond()).isEqualTo(500_000);
  }

  @Test
  void isTheBitsOfTheLastFourSegmentsOverTheirTime() {
    ThroughputEstimate estimate = new ThroughputEstimate();
    estimate.add(10_000_000, 1_000_000_000);
    for (int i = 0; i < 4; i++) {
      estimate.add(125_000, 500_000_000);
    }

    assertThat(estimate.bitsPerSecond()).isEqualTo(2_000_000);
  }
}
