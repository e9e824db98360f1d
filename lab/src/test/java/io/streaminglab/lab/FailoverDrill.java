package io.streaminglab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streaminglab.httpclient.HttpFetcher;
import io.streaminglab.httpclient.HttpFetcherConfig;
import io.streaminglab.probe.PlayerProbe;
import io.streaminglab.probe.ProbeConfig;
import io.streaminglab.probe.ProbeEvent;
import io.streaminglab.probe.ProbeReport;
import io.streaminglab.testkit.ExternalTool;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A failover drill on a running lab, as a user runs one: a probe plays the switcher's URL while
 * {@code ctl} (the real command, over the admin API) stops and starts components.
 */
final class FailoverDrill implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Lab lab;
  private final HttpFetcher http = new HttpFetcher(HttpFetcherConfig.defaults());
  private final List<ProbeEvent> events = new CopyOnWriteArrayList<>();
  private final CountDownLatch playing = new CountDownLatch(1);
  private CompletableFuture<ProbeReport> probe;

  FailoverDrill(Lab lab) {
    this.lab = lab;
  }

  String playerUrl() {
    return "http://127.0.0.1:" + lab.httpPort() + "/hls/index.m3u8";
  }

  /** Starts a probe of the switcher's playlist for {@code duration}, and waits for playback. */
  void startProbe(Duration duration) throws InterruptedException {
    boolean decode = ExternalTool.FFPROBE.locate().isPresent();
    ProbeConfig config = ProbeConfig.of(URI.create(playerUrl()), duration)
        .withDecodeCheck(decode);
    probe = CompletableFuture.supplyAsync(() -> {
      try {
        return new PlayerProbe(config, http, Clock.systemUTC(), event -> {
          events.add(event);
          if (event.type() == ProbeEvent.Type.PLAYBACK_STARTED) {
            playing.countDown();
          }
        }).run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    });
    assertThat(playing.await(60, TimeUnit.SECONDS)).as("the probe started playing").isTrue();
  }

  /** Waits for the probe to finish its duration and returns what its viewer saw. */
  ProbeReport report() throws Exception {
    return probe.get(5, TimeUnit.MINUTES);
  }

  List<ProbeEvent> events() {
    return events;
  }

  /** Runs {@code bin/streaming-lab ctl ARGS} against the lab and returns what it printed. */
  String ctl(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] full = new String[args.length + 5];
    full[0] = "ctl";
    System.arraycopy(args, 0, full, 1, args.length);
    full[args.length + 1] = "--url";
    full[args.length + 2] = "http://127.0.0.1:" + lab.httpPort();
    full[args.length + 3] = "--admin-token";
    full[args.length + 4] = lab.settings().switcher().adminToken();
    int status = StreamingLab.run(full, Map.of(), new PrintWriter(out, true),
        new PrintWriter(err, true));
    assertThat(status).as("ctl %s: %s", String.join(" ", args), err).isZero();
    return out.toString();
  }

  /** The switcher's /healthz. */
  JsonNode health() throws Exception {
    byte[] body = http.get(URI.create("http://127.0.0.1:" + lab.httpPort() + "/healthz"),
        Map.of()).get(10, TimeUnit.SECONDS).body();
    return JSON.readTree(body);
  }

  long failovers() throws Exception {
    return health().path("counters").path("failovers").asLong();
  }

  long switchbacks() throws Exception {
    return health().path("counters").path("switchbacks").asLong();
  }

  String active() throws Exception {
    return health().path("active").asText();
  }

  /** Asserts that a viewer saw nothing: no stall, error, lost or repeated segment. */
  static void assertInvisible(ProbeReport report) {
    assertThat(report.problems()).as(report.toJson()).isEmpty();
    assertThat(report.playlistErrors()).as(report.toJson()).isEmpty();
    assertThat(report.segmentErrors()).as(report.toJson()).isEmpty();
    assertThat(report.pdtGaps()).as(report.toJson()).isZero();
    assertThat(report.discontinuitySequenceErrors()).as(report.toJson()).isZero();
  }

  /**
   * Asserts what a viewer sees when the publisher goes away for {@code silence} and comes back:
   * stalls that last no longer in all than the silence plus the first new segment (one target
   * duration, and as much again for it to reach the playlist and the player), then a
   * discontinuity and playback again; no regression, no lost or repeated segment, no error.
   */
  void assertStallOnlyWhileSilent(Duration silence) throws Exception {
    ProbeReport report = report();
    String json = report.toJson();
    assertThat(report.regressions()).as(json).isZero();
    assertThat(report.lost()).as(json).isZero();
    assertThat(report.repeated()).as(json).isZero();
    assertThat(report.playlistErrors()).as(json).isEmpty();
    assertThat(report.segmentErrors()).as(json).isEmpty();
    assertThat(report.discontinuities()).as(json).isGreaterThanOrEqualTo(1);
    // The viewer waits while nothing is published. Playback then resumes at the live edge
    // with one segment buffered, so on a loaded machine a few short stalls may follow while
    // the player catches its breath, as in hls.js; what counts is the time spent waiting.
    assertThat(report.stalls()).as(json).isGreaterThanOrEqualTo(1);
    double target = lab.settings().target().toMillis() / 1000.0;
    assertThat(report.stallSeconds()).as(json)
        .isLessThanOrEqualTo(silence.toMillis() / 1000.0 + 2 * target);
    ProbeEvent last = events.stream()
        .filter(e -> e.type() == ProbeEvent.Type.STALL_STARTED
            || e.type() == ProbeEvent.Type.STALL_ENDED)
        .reduce((first, second) -> second).orElseThrow();
    assertThat(last.type()).as("playback resumed after the last stall: %s", json)
        .isEqualTo(ProbeEvent.Type.STALL_ENDED);
  }

  @Override
  public void close() {
    if (probe != null) {
      probe.cancel(true);
    }
    http.close();
  }

  static Duration seconds(long seconds) {
    return Duration.ofSeconds(seconds);
  }
}
