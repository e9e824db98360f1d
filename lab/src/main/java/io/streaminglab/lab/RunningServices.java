package io.streaminglab.lab;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servers a command started, closed in reverse order on Ctrl-C or SIGTERM.
 *
 * <p>Lifecycle: {@link #add} each server as it starts; if a later one fails to start, {@link
 * #close()} stops those already running; otherwise {@link #awaitShutdown()} blocks until the JVM
 * is asked to stop, and the shutdown hook closes everything.
 */
final class RunningServices implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RunningServices.class);

  private final Deque<AutoCloseable> services = new ArrayDeque<>();

  synchronized <T extends AutoCloseable> T add(T service) {
    services.push(service);
    return service;
  }

  /**
   * Blocks for good: the shutdown hook closes every service, and the JVM ends when it is done.
   * (Returning would let the caller call System.exit while the hook runs, which deadlocks.)
   */
  void awaitShutdown() throws InterruptedException {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("Shutting down");
      close();
    }, "shutdown"));
    new CountDownLatch(1).await();
  }

  @Override
  public synchronized void close() {
    while (!services.isEmpty()) {
      AutoCloseable service = services.pop();
      try {
        service.close();
      } catch (Exception e) {
        log.warn("Error while stopping {}: {}", service.getClass().getSimpleName(),
            e.getMessage());
      }
    }
  }
}
