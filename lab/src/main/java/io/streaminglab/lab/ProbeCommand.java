package io.streaminglab.lab;

import io.streaminglab.httpclient.HttpFetcher;
import io.streaminglab.httpclient.HttpFetcherConfig;
import io.streaminglab.probe.PlayerProbe;
import io.streaminglab.probe.ProbeConfig;
import io.streaminglab.probe.ProbeEvent;
import io.streaminglab.probe.ProbeReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code streaming-lab probe}: plays a live HLS stream as a player would and reports what a
 * viewer saw; the seed lab's {@code capture_ffplay.sh} done properly. Exits 1 when the viewer
 * saw a problem, so that drills can be scripted.
 */
@Command(name = "probe", mixinStandardHelpOptions = true,
    description = {
        "Play a live HLS stream as a player would: poll the playlist, fetch every segment "
            + "once, keep a three-segment buffer, and with ffprobe on the PATH decode-check "
            + "every segment. Prints each event that matters as it happens, then a summary; "
            + "writes every segment and event to a log, and everything to a JSON report.",
        "",
        "Exit status: 0 when a viewer would have seen nothing wrong; 1 when they would have "
            + "(a stall, that is an empty buffer for 50 ms or more; a lost or repeated "
            + "segment, a playlist regression, a segment that does not decode, or no playback "
            + "at all). Segment errors that a retry recovered are listed as recovered errors "
            + "and do not change the exit status."})
final class ProbeCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--url", defaultValue = "http://localhost:8080/hls/live.m3u8",
      paramLabel = "URL", description = "A multivariant playlist such as the lab's "
          + "/hls/live.m3u8, whose redundant URIs the probe fails over between and whose "
          + "content steering it follows, or a live media playlist such as /hls/index.m3u8 "
          + "(default: ${DEFAULT-VALUE}).")
  URI url;

  @Option(names = "--duration", defaultValue = "30s", paramLabel = "TIME",
      converter = DurationConverter.class,
      description = "How long to play, such as 30s, 5m or 1h (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--report", defaultValue = "probe-report.json", paramLabel = "FILE",
      description = "Where to write the JSON report; the log goes beside it with .log "
          + "(default: ${DEFAULT-VALUE}).")
  Path report;

  @Option(names = "--no-decode-check", negatable = false,
      description = "Do not run ffprobe on each segment.")
  boolean noDecodeCheck;

  @Mixin
  ConfigOption config;

  @Override
  public Integer call() throws Exception {
    ProbeConfig probeConfig;
    try {
      probeConfig = ProbeConfig.of(url, duration).withDecodeCheck(!noDecodeCheck);
    } catch (IllegalArgumentException e) {
      throw new LabException("--url must be the http:// address of a live playlist, such as "
          + "http://localhost:8080/hls/index.m3u8 or http://localhost:8080/hls/live.m3u8; '"
          + url + "' is not.");
    }
    PrintWriter out = spec.commandLine().getOut();
    Path log = logFile(report);
    List<String> lines = new ArrayList<>();
    out.println("Playing " + url + " for " + describe(duration) + "; events that matter "
        + "follow as they happen.");
    if (!noDecodeCheck && !onPath("ffprobe")) {
      out.println("ffprobe is not on the PATH, so segments are not decode-checked "
          + "(apt-get install ffmpeg adds it).");
    }
    out.flush();
    ProbeReport result;
    try (HttpFetcher http = new HttpFetcher(HttpFetcherConfig.defaults())) {
      // The probe logs each event to the console as it happens; the log file gets them too.
      result = new PlayerProbe(probeConfig, http, Clock.systemUTC(),
          event -> lines.add(line(event))).run();
    }
    write(report, result.toJson());
    write(log, String.join("\n", lines) + (lines.isEmpty() ? "" : "\n"));
    new ProbeSummary(result).print(out);
    out.println("Report: " + report.toAbsolutePath() + "   log: " + log.toAbsolutePath());
    out.flush();
    return result.viewerSawProblem() ? 1 : 0;
  }

  static String line(ProbeEvent event) {
    return event.at() + " " + event.type().name().toLowerCase(java.util.Locale.ROOT)
        .replace('_', ' ') + (event.sequence() >= 0 ? " #" + event.sequence() : "")
        + (event.detail().isEmpty() ? "" : ": " + event.detail());
  }

  private static Path logFile(Path report) {
    String name = report.getFileName().toString();
    String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    return report.resolveSibling(base + ".log");
  }

  private static String describe(Duration duration) {
    long seconds = duration.toSeconds();
    return seconds >= 60 && seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  private static void write(Path file, String text) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new LabException("Cannot write " + file + " (" + e.getMessage() + "); give "
          + "--report a place you may write.", e);
    }
  }
}
