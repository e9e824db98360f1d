package io.streaminglab.probe;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code ffprobe -v error} on fetched segments, one at a time on a thread of its own so
 * that playback timing does not wait for it, and counts the segments it complains about (any
 * output, a non-zero exit, or no answer within 10 s).
 *
 * <p>Lifecycle: {@link #submit} any number of segments, then {@link #finish} waits for the
 * checks still queued (bounded) and stops the thread, or {@link #abort} stops it at once.
 */
final class DecodeCheck {
  private static final Logger log = LoggerFactory.getLogger(DecodeCheck.class);
  private static final Duration PER_SEGMENT = Duration.ofSeconds(10);

  private final Path ffprobe;
  private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
    Thread t = new Thread(runnable, "probe-ffprobe");
    t.setDaemon(true);
    return t;
  });
  private final AtomicInteger submitted = new AtomicInteger();
  private final AtomicInteger checked = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();

  private DecodeCheck(Path ffprobe) {
    this.ffprobe = ffprobe;
  }

  /** A check using the ffprobe on the PATH, or empty (with one log line) when there is none. */
  static Optional<DecodeCheck> onPath() {
    Optional<Path> found = locate("ffprobe");
    if (found.isEmpty()) {
      log.warn("Decode check skipped: ffprobe is not on the PATH (install ffmpeg to enable it)");
    }
    return found.map(DecodeCheck::new);
  }

  void submit(long sequence, String uri, byte[] bytes) {
    submitted.incrementAndGet();
    thread.execute(() -> check(sequence, uri, bytes));
  }

  int checked() {
    return checked.get();
  }

  int failures() {
    return failures.get();
  }

  /** Waits up to {@code timeout} for queued checks, then stops. */
  void finish(Duration timeout) throws InterruptedException {
    thread.shutdown();
    if (!thread.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      thread.shutdownNow();
      log.warn("Decode check: {} segment(s) left unchecked at the end of the probe",
          submitted.get() - checked.get());
    }
  }

  /** Stops at once, leaving queued segments unchecked (the probe was interrupted). */
  void abort() {
    thread.shutdownNow();
  }

  private void check(long sequence, String uri, byte[] bytes) {
    Path file = null;
    try {
      file = Files.createTempFile("probe-segment-", ".ts");
      Files.write(file, bytes);
      Path output = Files.createTempFile("probe-ffprobe-", ".log");
      try {
        Process process = new ProcessBuilder(ffprobe.toString(), "-hide_banner", "-v", "error",
            "-i", file.toString())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
        boolean exited = process.waitFor(PER_SEGMENT.toMillis(), TimeUnit.MILLISECONDS);
        if (!exited) {
          process.destroyForcibly();
        }
        String complaints = Files.readString(output, StandardCharsets.UTF_8).strip();
        checked.incrementAndGet();
        if (!exited || process.exitValue() != 0 || !complaints.isEmpty()) {
          failures.incrementAndGet();
          String first = complaints.isEmpty() ? (exited ? "exit code " + process.exitValue()
              : "no answer within " + PER_SEGMENT.toSeconds() + " s") : complaints.lines()
              .findFirst().orElse("");
          log.warn("Decode check: ffprobe complains about segment {} ({}): {}", sequence, uri,
              first);
        }
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      log.warn("Decode check of segment {} could not run ffprobe: {}", sequence, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // a temporary file left behind is harmless
        }
      }
    }
  }

  private static Optional<Path> locate(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, command);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
