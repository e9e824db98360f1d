package io.streaminglab.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streaminglab.probe.ProbeEvent.Type;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report a probe writes for people and for scripts. */
class ProbeReportTest {
  private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

  @Test
  void aCleanReportSaysTheViewerSawNoProblem() {
    ProbeReport report = report(0, 0, 0);

    assertThat(report.viewerSawProblem()).isFalse();
    assertThat(report.problems()).isEmpty();
  }

  @Test
  void segmentErrorsThatARetryRecoveredAreReportedButAreNoProblem() throws Exception {
    ProbeReport report = report(0, 0, 0);

    JsonNode json = new ObjectMapper().readTree(report.toJson());

    assertThat(report.recoveredSegments()).isEqualTo(2);
    assertThat(report.viewerSawProblem()).isFalse();
    assertThat(json.get("recoveredSegments").asInt()).isEqualTo(2);
    assertThat(json.get("recoveredErrors").get("HTTP_503").asInt()).isEqualTo(2);
    assertThat(json.get("viewerSawProblem").asBoolean()).isFalse();
  }

  @Test
  void playedSegmentsAndFailoversRoundTripAndAreNoProblem() throws Exception {
    Failover failover = new Failover(START.plusSeconds(5), "CONNECT_REFUSED",
        "http://127.0.0.1:8081/hls/index.m3u8", "primary",
        "http://127.0.0.1:8082/hls/index.m3u8", "backup", 1, 12, 0.042);
    PlayedSegment played = new PlayedSegment(12, "http://127.0.0.1:8082/hls/seg-12.ts",
        "127.0.0.1:8082", "backup", START.plusSeconds(5));
    ProbeReport report = report(0, 0, 0).withRouting(List.of(played), List.of(failover));

    JsonNode json = new ObjectMapper().readTree(report.toJson());

    assertThat(report.viewerSawProblem()).isFalse();
    assertThat(json.get("failovers").get(0).get("cause").asText()).isEqualTo("CONNECT_REFUSED");
    assertThat(json.get("failovers").get(0).get("seconds").asDouble()).isEqualTo(0.042);
    assertThat(json.get("playedSegments").get(0).get("host").asText())
        .isEqualTo("127.0.0.1:8082");
    assertThat(ProbeReport.fromJson(report.toJson())).isEqualTo(report);
  }

  @Test
  void aReportWrittenBeforeFailoversExistedStillReads() throws Exception {
    ProbeReport report = report(2, 1, 1);
    com.fasterxml.jackson.databind.node.ObjectNode old =
        (com.fasterxml.jackson.databind.node.ObjectNode) new ObjectMapper()
            .readTree(report.toJson());
    old.remove("playedSegments");
    old.remove("failovers");

    ProbeReport read = ProbeReport.fromJson(old.toString());

    assertThat(read.failovers()).isEmpty();
    assertThat(read.playedSegments()).isEmpty();
    assertThat(read.stalls()).isEqualTo(2);
  }

  @Test
  void stallsLossesAndRegressionsAreProblemsAndSayWhy() {
    ProbeReport report = report(2, 1, 1);

    assertThat(report.viewerSawProblem()).isTrue();
    assertThat(report.problems()).containsExactly("2 stall(s), 3.5 s in all",
        "1 lost segment(s)", "1 playlist regression(s)");
  }

  @Test
  void jsonHasEveryFieldIsoTimesAndTheVerdict() throws Exception {
    ProbeReport report = report(2, 1, 1);

    JsonNode json = new ObjectMapper().readTree(report.toJson());

    assertThat(json.get("url").asText()).isEqualTo("http://127.0.0.1:8080/hls/index.m3u8");
    assertThat(json.get("viewerSawProblem").asBoolean()).isTrue();
    assertThat(json.get("problems")).hasSize(3);
    assertThat(json.get("startedAt").asText()).isEqualTo("2026-03-01T12:00:00Z");
    assertThat(json.get("stalls").asInt()).isEqualTo(2);
    assertThat(json.get("stallSeconds").asDouble()).isEqualTo(3.5);
    assertThat(json.get("minStallSeconds").asDouble()).isEqualTo(0.05);
    assertThat(json.get("segmentErrors").get("HTTP_503").asInt()).isEqualTo(2);
    assertThat(json.get("segmentLatency").get("p99Ms").asDouble()).isEqualTo(99.0);
    assertThat(json.get("events").get(0).get("type").asText()).isEqualTo("STALL_STARTED");
  }

  @Test
  void jsonReadsBackToTheSameReport() throws Exception {
    ProbeReport report = report(2, 1, 1);

    assertThat(ProbeReport.fromJson(report.toJson())).isEqualTo(report);
  }

  @Test
  void latencyPercentilesAreByNearestRank() {
    long[] nanos = new long[100];
    for (int i = 0; i < nanos.length; i++) {
      nanos[i] = (100 - i) * 1_000_000L;
    }

    LatencyStats stats = LatencyStats.of(nanos);

    assertThat(stats).isEqualTo(new LatencyStats(100, 50, 90, 99, 100));
    assertThat(LatencyStats.of(new long[0])).isEqualTo(LatencyStats.NONE);
  }

  private static ProbeReport report(int stalls, int lost, int regressions) {
    long[] nanos = new long[100];
    for (int i = 0; i < nanos.length; i++) {
      nanos[i] = (i + 1) * 1_000_000L;
    }
    return new ProbeReport("http://127.0.0.1:8080/hls/index.m3u8", START,
        START.plusSeconds(20), true, true, 0.4, false, 11, 13, 1_300_000, 5_000,
        stalls, stalls == 0 ? 0 : 3.5, regressions, lost, 0, 0, 0, 0, 2,
        Map.of(), Map.of("HTTP_503", 2), 2, Map.of("HTTP_503", 2), LatencyStats.of(nanos),
        LatencyStats.of(nanos), 0, 0,
        List.of(new ProbeEvent(START.plusSeconds(8), Type.STALL_STARTED, 17,
            "stall: the buffer ran dry waiting for segment 17")));
  }
}
