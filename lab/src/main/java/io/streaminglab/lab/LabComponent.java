package io.streaminglab.lab;

import io.streaminglab.switcher.ComponentStatus;

/**
 * One component of {@code up} that {@code ctl} can stop and start, named as its compose service.
 * A stop is a real fault (a port closes, output stops); a start brings it back with the same
 * settings and port.
 *
 * <p>Lifecycle: {@link #start()} and {@link #stop()} may alternate any number of times, from any
 * thread; starting a running component or stopping a stopped one does nothing. {@link #close()}
 * stops it for good at the end of the lab.
 */
abstract class LabComponent implements AutoCloseable {
  private final String name;
  private boolean running;

  LabComponent(String name) {
    this.name = name;
  }

  final String name() {
    return name;
  }

  /**
   * Starts it unless it runs.
   *
   * @throws LabException with one sentence when it cannot start (its port taken)
   */
  final synchronized void start() throws InterruptedException {
    if (!running) {
      doStart();
      running = true;
    }
  }

  /** Stops it if it runs. */
  final synchronized void stop() {
    if (running) {
      running = false;
      doStop();
    }
  }

  final synchronized ComponentStatus status() {
    return new ComponentStatus(name, running, detail());
  }

  @Override
  public final void close() {
    stop();
  }

  abstract void doStart() throws InterruptedException;

  abstract void doStop();

  /** Whether {@code ctl} and the status page reach the lab through it (a switcher does). */
  boolean servesControl() {
    return false;
  }

  /** What it does or where, for {@code ctl status}: a port, a directory, a URL. */
  abstract String detail();
}
