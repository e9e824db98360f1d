package io.streaminglab.lab;

import io.streaminglab.probe.LatencyStats;
import io.streaminglab.probe.ProbeReport;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The block {@code probe} prints at the end: what a viewer saw, in figures, and a verdict.
 * Segment errors that a retry recovered get a line of their own: the viewer did not see them,
 * so they do not change the verdict, but an operator wants to know that an origin failed.
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
    out.println("latency       playlist " + latency(report.playlistLatency()) + "; segment "
        + latency(report.segmentLatency()));
    out.println("decode check  " + (report.decodeChecked() == 0 ? "not run"
        : report.decodeChecked() + " segments, " + report.decodeFailures() + " failed"));
    out.println(report.viewerSawProblem()
        ? "VERDICT       a viewer saw a problem: " + String.join("; ", report.problems())
        : "VERDICT       a viewer saw nothing wrong");
  }

  private static String latency(LatencyStats stats) {
    return stats.count() == 0 ? "none"
        : String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms (%d)", stats.p50Ms(),
            stats.p99Ms(), stats.count());
  }
}
