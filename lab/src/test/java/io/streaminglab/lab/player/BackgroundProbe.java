package io.streaminglab.lab.player;

import static org.awaitility.Awaitility.await;

import io.streaminglab.httpclient.HttpFetcher;
import io.streaminglab.httpclient.HttpFetcherConfig;
import io.streaminglab.probe.PlayerProbe;
import io.streaminglab.probe.ProbeConfig;
import io.streaminglab.probe.ProbeEvent;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Our probe playing a URL beside hls.js for the length of a test, its events kept as they come.
 *
 * <p>Lifecycle: {@link #start} returns once the probe plays; {@link #close()} stops it.
 */
final class BackgroundProbe implements AutoCloseable {
  private final HttpFetcher fetcher = new HttpFetcher(HttpFetcherConfig.defaults());
  private final List<ProbeEvent> events = new CopyOnWriteArrayList<>();
  private CompletableFuture<?> run;

  private BackgroundProbe() {}

  /** Starts the probe on {@code url} for at most {@code duration}; waits until it plays. */
  static BackgroundProbe start(URI url, Duration duration, Duration wait) {
    BackgroundProbe probe = new BackgroundProbe();
    ProbeConfig config = ProbeConfig.of(url, duration);
    probe.run = CompletableFuture.runAsync(() -> {
      try {
        new PlayerProbe(config, probe.fetcher, Clock.systemUTC(), probe.events::add).run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    await("the probe to play").atMost(wait).until(() -> probe.events.stream()
        .anyMatch(e -> e.type() == ProbeEvent.Type.PLAYBACK_STARTED));
    return probe;
  }

  /** How many events so far. */
  int size() {
    return events.size();
  }

  /** The events from index {@code from} on, as they stand now. */
  List<ProbeEvent> from(int from) {
    return List.copyOf(events.subList(from, events.size()));
  }

  @Override
  public void close() {
    if (run != null) {
      run.cancel(true);
    }
    fetcher.close();
  }
}
