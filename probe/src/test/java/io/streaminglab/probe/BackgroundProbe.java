package io.streaminglab.probe;

import io.streaminglab.httpclient.HttpFetcher;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A probe playing on a thread of its own while the test changes the world around it. */
final class BackgroundProbe {
  private final List<ProbeEvent> events = new CopyOnWriteArrayList<>();
  private final CompletableFuture<ProbeReport> report = new CompletableFuture<>();

  private BackgroundProbe() {}

  static BackgroundProbe start(ProbeConfig config, HttpFetcher fetcher) {
    BackgroundProbe probe = new BackgroundProbe();
    Thread thread = new Thread(() -> {
      try {
        probe.report.complete(new PlayerProbe(config, fetcher, Clock.systemUTC(),
            probe.events::add).run());
      } catch (Throwable e) {
        probe.report.completeExceptionally(e);
      }
    }, "probe");
    thread.setDaemon(true);
    thread.start();
    return probe;
  }

  boolean saw(ProbeEvent.Type type) {
    return events.stream().anyMatch(event -> event.type() == type);
  }

  List<ProbeEvent> events() {
    return events;
  }

  CompletableFuture<ProbeReport> report() {
    return report;
  }
}
