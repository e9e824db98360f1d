package io.streaminglab.switcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.streaminglab.probe.ProbeReport;

/**
 * What a single fault may cost a viewer through the switcher (issue 4): nothing the probe
 * counts. {@link ProbeReport#problems()} leaves out errors a retry hid from the viewer; a
 * single fault may not cause even those.
 */
final class CleanPlayback {
  private CleanPlayback() {}

  /**
   * No stall, lost or repeated segment, regression, failed segment or playlist request, or
   * segment whose discontinuity sequence changed between loads.
   */
  static void assertViewerSawNothing(ProbeReport report) {
    assertThat(report.problems()).as(report.toJson()).isEmpty();
    assertThat(report.segmentFailures()).as(report.toJson()).isZero();
    assertThat(report.playlistErrors()).as(report.toJson()).isEmpty();
    assertThat(report.discontinuitySequenceErrors()).as(report.toJson()).isZero();
  }
}
