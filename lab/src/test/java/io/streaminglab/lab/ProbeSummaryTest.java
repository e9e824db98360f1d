package io.streaminglab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.streaminglab.probe.Failover;
import io.streaminglab.probe.LatencyStats;
import io.streaminglab.probe.PlayedSegment;
import io.streaminglab.probe.ProbeReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The summary a video-ops engineer reads at the end of {@code probe}. */
class ProbeSummaryTest {
  private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

  @Test
  void segmentErrorsARetryRecoveredGetTheirOwnLineAndLeaveTheVerdictClean() {
    String summary = print(report(0, 2, Map.of("HTTP_503", 2, "RESPONSE_TIMEOUT", 1)));

    assertThat(summary).contains("recovered     2 segment(s) arrived on a retry after failed "
        + "tries {HTTP_503=2, RESPONSE_TIMEOUT=1}; a viewer did not see these errors");
    assertThat(summary).contains("VERDICT       a viewer saw nothing wrong");
  }

  @Test
  void withoutRecoveredErrorsTheLineSaysNone() {
    String summary = print(report(1, 0, Map.of()));

    assertThat(summary).contains("recovered     none");
    assertThat(summary).contains("VERDICT       a viewer saw a problem: 1 stall(s)");
  }

  @Test
  void theStallLineNamesTheShortestEmptyBufferThatCounts() {
    String summary = print(report(1, 0, Map.of()));

    assertThat(summary).contains("stalls        1 (2.5 s; an empty buffer counts from 50 ms)");
  }

  @Test
  void aMultivariantProbeSaysWhoServedTheSegmentsAndEachFailover() {
    ProbeReport report = report(0, 0, Map.of()).withRouting(List.of(
        new PlayedSegment(11, "http://127.0.0.1:8080/hls/seg-11.ts", "127.0.0.1:8080", "primary",
            START.plusSeconds(4)),
        new PlayedSegment(12, "http://127.0.0.1:8083/hls/seg-12.ts", "127.0.0.1:8083", "backup",
            START.plusSeconds(6)),
        new PlayedSegment(13, "http://127.0.0.1:8083/hls/seg-13.ts", "127.0.0.1:8083", "backup",
            START.plusSeconds(8))), List.of(new Failover(START.plusSeconds(5),
        "CONNECT_REFUSED", "http://127.0.0.1:8080/hls/index.m3u8", "primary",
        "http://127.0.0.1:8083/hls/index.m3u8", "backup", 1, 12, 0.042)));

    String summary = print(report);

    assertThat(summary).contains(
        "served by     127.0.0.1:8080 (primary) 1, 127.0.0.1:8083 (backup) 2");
    assertThat(summary).contains(
        "failovers     1: CONNECT_REFUSED primary -> backup in 0.042 s (segment 12)");
    assertThat(summary).contains("VERDICT       a viewer saw nothing wrong");
  }

  @Test
  void aMediaPlaylistProbeFromAnOldReportPrintsNoRoutingLines() {
    assertThat(print(report(0, 0, Map.of()))).doesNotContain("served by", "failovers");
  }

  private static String print(ProbeReport report) {
    StringWriter text = new StringWriter();
    new ProbeSummary(report).print(new PrintWriter(text, true));
    return text.toString();
  }

  private static ProbeReport report(int stalls, int recovered, Map<String, Integer> errors) {
    int failures = errors.values().stream().mapToInt(Integer::intValue).sum();
    return new ProbeReport("http://127.0.0.1:8080/hls/index.m3u8", START,
        START.plusSeconds(30), true, true, 0.4, false, 16, 15, 1_500_000, 6_000,
        stalls, stalls == 0 ? 0 : 2.5, 0, 0, 0, 0, 0, 0, failures, Map.of(), errors,
        recovered, errors, LatencyStats.NONE, LatencyStats.NONE, 0, 0, List.of());
  }
}
