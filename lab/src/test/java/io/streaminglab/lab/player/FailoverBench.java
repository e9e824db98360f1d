package io.streaminglab.lab.player;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streaminglab.httpclient.HttpFetcher;
import io.streaminglab.httpclient.HttpFetcherConfig;
import io.streaminglab.lab.Lab;
import io.streaminglab.lab.LabSettings;
import io.streaminglab.probe.PlayerProbe;
import io.streaminglab.probe.ProbeConfig;
import io.streaminglab.probe.ProbeEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * The failover benchmark of bench/redundancy/run.sh (not a test): for each single fault of the
 * redundant chain, the stall and the time to fail over that a viewer sees, with hls.js on the
 * content-steering path (the npm release the build downloads) and on the plain
 * redundant-variant path (hls.js 1.4.12, the status page's, which predates steering), and with
 * the probe playing the same live.m3u8 meanwhile. Prints one line of JSON per fault episode.
 */
public final class FailoverBench {
  private static final List<String> FAULTS = List.of("ingest-primary", "ingest-backup",
      "packager-primary", "packager-backup", "origin-primary", "origin-backup",
      "switcher-backup", "switcher-primary");
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final double DOWN_SECONDS = 12;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();
  private Lab lab;
  private LabChain chain;

  private FailoverBench(Path dir) {
    this.dir = dir;
  }

  public static void main(String[] args) throws Exception {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 1;
    for (int rep = 1; rep <= reps; rep++) {
      for (String path : List.of("steering", "redundant")) {
        Path dir = Files.createTempDirectory("failover-bench");
        new FailoverBench(dir).run(path, rep);
      }
    }
    System.exit(0);
  }

  private void run(String path, int rep) throws Exception {
    lab = Lab.start(LabSettings.ephemeral(dir).withPublisher(true));
    chain = new LabChain(lab, dir);
    try {
      String base = "http://127.0.0.1:" + lab.httpPort();
      Playlists.awaitSegments(URI.create(base + "/hls/index.m3u8"), 3, WAIT);
      awaitChainWhole();
      byte[] hlsJs = path.equals("steering") ? null : http.send(HttpRequest.newBuilder(
          URI.create(base + "/ui/lib/hls.min.js")).build(),
          HttpResponse.BodyHandlers.ofByteArray()).body();
      URI live = URI.create(base + "/hls/live.m3u8");
      List<ProbeEvent> probeEvents = new CopyOnWriteArrayList<>();
      HttpFetcher fetcher = new HttpFetcher(HttpFetcherConfig.defaults());
      ProbeConfig probeConfig = ProbeConfig.of(live, Duration.ofMinutes(15));
      CompletableFuture<?> probe = CompletableFuture.runAsync(() -> {
        try {
          new PlayerProbe(probeConfig, fetcher, Clock.systemUTC(), probeEvents::add).run();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      try (CrossOriginPlayer player = hlsJs == null ? CrossOriginPlayer.start()
          : CrossOriginPlayer.start(hlsJs)) {
        player.play(live);
        player.awaitPlayedTo(6, WAIT);
        String version = player.hlsVersion();
        for (String fault : FAULTS) {
          int from = player.eventCount();
          String hostBefore = lastHost(player.events(0));
          Instant stopped = Instant.now();
          ctl("stop", fault);
          double switcherFailover = fault.endsWith("-primary") && !fault.startsWith("switcher")
              ? secondsUntil(stopped, () -> active(lab.backupHttpPort()).equals("backup"),
                  Duration.ofSeconds((long) DOWN_SECONDS)) : Double.NaN;
          player.awaitPlayedTo(player.currentTime() + DOWN_SECONDS, WAIT);
          ctl("start", fault);
          awaitChainWhole();
          player.awaitPlayedTo(player.currentTime() + 4, WAIT);
          Instant ended = Instant.now();
          List<Map<String, Object>> events = player.events(from);
          Map<String, Object> line = new LinkedHashMap<>();
          line.put("path", path);
          line.put("hlsjs", version);
          line.put("rep", rep);
          line.put("fault", fault);
          line.put("hlsjs_stall_s", stallSeconds(events));
          line.put("hlsjs_switch_s", switchSeconds(events, hostBefore, stopped));
          line.put("switcher_failover_s", switcherFailover);
          line.put("probe_stall_s", probeStall(probeEvents, stopped, ended));
          line.put("probe_failover_s", probeFailover(probeEvents, stopped, ended));
          System.out.println(JSON.writeValueAsString(line));
        }
      } finally {
        probe.cancel(true);
        fetcher.close();
      }
    } finally {
      lab.close();
    }
  }

  private static String lastHost(List<Map<String, Object>> events) {
    List<String> servers = PlayerEvidence.servers(events);
    return servers.isEmpty() ? "" : servers.get(servers.size() - 1);
  }

  /** Seconds the picture stood still: ended stalls, and one still going at the end. */
  private static double stallSeconds(List<Map<String, Object>> events) {
    double total = 0;
    long startedAt = -1;
    for (Map<String, Object> event : events) {
      if ("stall-start".equals(event.get("type"))) {
        startedAt = ((Number) event.get("at")).longValue();
      } else if ("stall".equals(event.get("type"))) {
        total += ((Number) event.get("seconds")).doubleValue();
        startedAt = -1;
      }
    }
    if (startedAt >= 0) {
      total += (System.currentTimeMillis() - startedAt) / 1000.0;
    }
    return round(total);
  }

  /** From the fault to the first segment from another switcher; NaN when it stayed. */
  private static double switchSeconds(List<Map<String, Object>> events, String hostBefore,
      Instant stopped) {
    for (Map<String, Object> event : events) {
      if ("frag-loaded".equals(event.get("type"))) {
        URI url = URI.create((String) event.get("url"));
        if (!(url.getHost() + ":" + url.getPort()).equals(hostBefore)) {
          return round((((Number) event.get("at")).longValue() - stopped.toEpochMilli())
              / 1000.0);
        }
      }
    }
    return Double.NaN;
  }

  private static double probeStall(List<ProbeEvent> events, Instant from, Instant to) {
    double total = 0;
    Instant started = null;
    for (ProbeEvent event : events) {
      if (event.at().isBefore(from) || event.at().isAfter(to)) {
        continue;
      }
      if (event.type() == ProbeEvent.Type.STALL_STARTED) {
        started = event.at();
      } else if (event.type() == ProbeEvent.Type.STALL_ENDED && started != null) {
        total += Duration.between(started, event.at()).toMillis() / 1000.0;
        started = null;
      }
    }
    if (started != null) {
      total += Duration.between(started, to).toMillis() / 1000.0;
    }
    return round(total);
  }

  /** From the fault to the probe's first failover event after it; NaN when it stayed. */
  private static double probeFailover(List<ProbeEvent> events, Instant from, Instant to) {
    for (ProbeEvent event : events) {
      if (event.type() == ProbeEvent.Type.FAILOVER && !event.at().isBefore(from)
          && !event.at().isAfter(to)) {
        return round(Duration.between(from, event.at()).toMillis() / 1000.0);
      }
    }
    return Double.NaN;
  }

  private static double secondsUntil(Instant from, BooleanSupplier condition, Duration atMost)
      throws InterruptedException {
    Instant deadline = from.plus(atMost);
    while (Instant.now().isBefore(deadline)) {
      if (condition.getAsBoolean()) {
        return round(Duration.between(from, Instant.now()).toMillis() / 1000.0);
      }
      Thread.sleep(100);
    }
    return Double.NaN;
  }

  private static double round(double value) {
    return Double.isNaN(value) ? value : Math.round(value * 10) / 10.0;
  }

  private String active(int port) {
    try {
      return chain.health(port).path("active").asText();
    } catch (Exception e) {
      return "";
    }
  }

  private void awaitChainWhole() throws InterruptedException {
    Instant deadline = Instant.now().plus(WAIT);
    while (!chain.whole()) {
      if (!Instant.now().isBefore(deadline)) {
        throw new IllegalStateException("the chain did not come back whole within " + WAIT);
      }
      Thread.sleep(500);
    }
  }

  private void ctl(String action, String component) {
    chain.ctl(action, component);
  }
}
