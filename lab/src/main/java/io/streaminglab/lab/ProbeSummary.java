package io.streaminglab.lab;

import io.streaminglab.probe.Failover;
import io.streaminglab.probe.LatencyStats;
import io.streaminglab.probe.PlayedSegment;
import io.streaminglab.probe.ProbeReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The block {@code probe} prints at the end: what a viewer saw, in figures, and a verdict.
 * Segment errors that a retry recovered get a line of their own: the viewer did not see them,
 * so they do not change the verdict, but an operator wants to know that an origin failed. So do
 * failovers between the redundant URIs of a multivariant playlist, and who served the segments.
 */
final class ProbeSummary {
  private final ProbeReport report;

  ProbeSummary(ProbeReport report) {
    this.report = report;
  }

  void print(PrintWriter out) {
    out.println();
    out.printf(Locale.ROOT, "segments      %d (%.1f MB), playback started after %.1f s%n",
        report.segments(), report.segmentBytes() / 1e6, report.startupSeconds());
    out.printf(Locale.ROOT, "stalls        %d (%.1f s; an empty buffer counts from %.0f ms)%n",
        report.stalls(), report.stallSeconds(), report.minStallSeconds() * 1000);
    out.printf(Locale.ROOT, "lost %d, repeated %d, playlist regressions %d%n", report.lost(),
        report.repeated(), report.regressions());
    out.printf(Locale.ROOT, "discontinuities %d, program-date-time gaps %d%n",
        report.discontinuities(), report.pdtGaps());
    out.printf(Locale.ROOT, "errors        playlist %s, segment %s (%d failed tries)%n",
        report.playlistErrors().isEmpty() ? "none" : report.playlistErrors(),
        report.segmentErrors().isEmpty() ? "none" : report.segmentErrors(),
        report.segmentFailures());
    out.println("recovered     " + (report.recoveredSegments() == 0 ? "none"
        : report.recoveredSegments() + " segment(s) arrived on a retry after failed tries "
            + report.recoveredErrors() + "; a viewer did not see these errors"));
    if (!report.failovers().isEmpty() || !report.playedSegments().isEmpty()) {
      out.println("served by     " + servedBy(report.playedSegments()));
      out.println("failovers     " + failovers(report.failovers()));
    }
    out.println("latency       playlist " + latency(report.playlistLatency()) + "; segment "
        + latency(report.segmentLatency()));
    out.println("decode check  " + (report.decodeChecked() == 0 ? "not run"
        : report.decodeChecked() + " segments, " + report.decodeFailures() + " failed"));
    out.println(report.viewerSawProblem()
        ? "VERDICT       a viewer saw a problem: " + String.join("; ", report.problems())
        : "VERDICT       a viewer saw nothing wrong");
  }

  /** Segments per host (and pathway), in the order the hosts first served one. */
  private static String servedBy(List<PlayedSegment> played) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (PlayedSegment segment : played) {
      String key = segment.host() + (segment.pathway() == null ? ""
          : " (" + segment.pathway() + ")");
      counts.merge(key, 1, Integer::sum);
    }
    List<String> parts = new ArrayList<>();
    counts.forEach((host, count) -> parts.add(host + " " + count));
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }

  private static String failovers(List<Failover> failovers) {
    if (failovers.isEmpty()) {
      return "none";
    }
    List<String> parts = new ArrayList<>();
    for (Failover failover : failovers) {
      parts.add(String.format(Locale.ROOT, "%s %s -> %s %s", failover.cause(),
          failover.fromPathway(), failover.toPathway(), failover.completed()
              ? String.format(Locale.ROOT, "in %.3f s (segment %d)", failover.seconds(),
                  failover.firstSequence())
              : "with no segment served yet"));
    }
    return failovers.size() + ": " + String.join("; ", parts);
  }

  private static String latency(LatencyStats stats) {
    return stats.count() == 0 ? "none"
        : String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms (%d)", stats.p50Ms(),
            stats.p99Ms(), stats.count());
  }
}
