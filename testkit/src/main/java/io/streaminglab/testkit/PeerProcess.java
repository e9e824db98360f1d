package io.streaminglab.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real peer program started by a test, with its output kept in a file for the assertion
 * messages. Closing it ends the process (and only it) if it is still running.
 */
public final class PeerProcess implements AutoCloseable {
  private final List<String> command;
  private final Process process;
  private final Path output;

  private PeerProcess(List<String> command, Process process, Path output) {
    this.command = command;
    this.process = process;
    this.output = output;
  }

  /** Starts {@code command} with stdout and stderr going to one temporary file. */
  public static PeerProcess start(List<String> command) {
    try {
      Path output = Files.createTempFile("peer-", ".log");
      Process process = new ProcessBuilder(new ArrayList<>(command))
          .redirectErrorStream(true)
          .redirectOutput(output.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .start();
      return new PeerProcess(List.copyOf(command), process, output);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command.get(0), e);
    }
  }

  /** Runs {@code command} to its end within {@code timeout} and returns its result. */
  public static Result run(List<String> command, Duration timeout) {
    try (PeerProcess peer = start(command)) {
      return peer.awaitExit(timeout);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for the process to end; a process still running after {@code timeout} is killed. */
  public Result awaitExit(Duration timeout) {
    try {
      boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!exited) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        return new Result(-1, output(), true);
      }
      return new Result(process.exitValue(), output(), false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + command.get(0), e);
    }
  }

  /** Everything the process printed so far. */
  public String output() {
    try {
      return Files.readString(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(output unreadable: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      Files.deleteIfExists(output);
    } catch (IOException ignored) {
      // a temporary file left behind is harmless
    }
  }

  /** How a peer process ended. */
  public record Result(int exitCode, String output, boolean timedOut) {
    public boolean succeeded() {
      return !timedOut && exitCode == 0;
    }
  }
}
