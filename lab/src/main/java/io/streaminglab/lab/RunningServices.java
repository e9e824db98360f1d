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

  /** A stop that takes longer than this (a wedged component) ends the process anyway. */
  private static final long SHUTDOWN_LIMIT_MILLIS = 5000;

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
      Thread watchdog = new Thread(() -> {
        try {
          Thread.sleep(SHUTDOWN_LIMIT_MILLIS);
          log.error("Shutdown took longer than {} ms; stopping now", SHUTDOWN_LIMIT_MILLIS);
          Runtime.getRuntime().halt(1);
        } catch (InterruptedException done) {
          // closed in time
        }
      }, "shutdown-watchdog");
      watchdog.setDaemon(true);
      watchdog.start();
      close();
      watchdog.interrupt();
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
