package io.streaminglab.lab.monitoring;

import io.streaminglab.httpclient.HttpFetcher;
import io.streaminglab.httpclient.HttpFetcherConfig;
import io.streaminglab.lab.LabException;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Prometheus (the {@code prometheus} binary on the PATH) run as a child process against
 * a lab, so that the lab without Docker has metrics history and alerts.
 *
 * <p>Lifecycle:
 *
 * <ol>
 *   <li>{@link #start} finds the binary, writes the configuration and the alert rules
 *       ({@link PrometheusFiles}) into the settings' work directory, starts Prometheus with its
 *       data in {@code data/} and its output in {@code prometheus.log} there, and returns once
 *       it answers {@code /-/ready};
 *   <li>{@link #close()} asks it to stop (SIGTERM), and kills it if it has not stopped within a
 *       few seconds.
 * </ol>
 *
 * <p>A lab killed with SIGKILL leaves Prometheus running; stop it by the pid in the log.
 */
public final class PrometheusProcess implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PrometheusProcess.class);
  private static final Duration START_LIMIT = Duration.ofSeconds(60);
  private static final long STOP_LIMIT_MILLIS = 3000;

  private final PrometheusSettings settings;
  private final Process process;
  private final Path logFile;

  private PrometheusProcess(PrometheusSettings settings, Process process, Path logFile) {
    this.settings = settings;
    this.process = process;
    this.logFile = logFile;
  }

  /**
   * Starts Prometheus and waits until it is ready.
   *
   * @throws LabException with one sentence when the binary is missing, the port is taken or
   *     Prometheus stops or hangs at start
   */
  public static PrometheusProcess start(PrometheusSettings settings)
      throws InterruptedException {
    return start(settings, locate(System.getenv("PATH")));
  }

  static PrometheusProcess start(PrometheusSettings settings, Optional<Path> found)
      throws InterruptedException {
    Path binary = found.orElseThrow(() -> new LabException(
        "--prometheus needs the prometheus binary on the PATH: install it (Debian: apt-get "
            + "install prometheus) or start without --prometheus."));
    Path config = PrometheusFiles.write(settings);
    Path logFile = settings.workDir().resolve("prometheus.log");
    List<String> command = List.of(binary.toString(),
        "--config.file=" + config,
        "--storage.tsdb.path=" + settings.workDir().resolve("data"),
        "--storage.tsdb.retention.time=1d",
        "--web.listen-address=" + settings.listenHost() + ":" + settings.port());
    Process process;
    try {
      process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()))
          .start();
      process.getOutputStream().close();
    } catch (IOException e) {
      throw new LabException("Prometheus (" + binary + ") could not be started: "
          + e.getMessage() + ".", e);
    }
    PrometheusProcess prometheus = new PrometheusProcess(settings, process, logFile);
    try {
      prometheus.awaitReady();
    } catch (RuntimeException | InterruptedException e) {
      prometheus.close();
      throw e;
    }
    log.info("Prometheus (pid {}) is up on {} (graph /graph, alerts /alerts), scraping {}; "
        + "its data and log are in {}", process.pid(), settings.baseUrl(), settings.target(),
        settings.workDir());
    return prometheus;
  }

  /** The {@code prometheus} binary in one of {@code pathVariable}'s directories. */
  public static Optional<Path> locate(String pathVariable) {
    if (pathVariable == null) {
      return Optional.empty();
    }
    for (String dir : pathVariable.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, "prometheus");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Where Prometheus answers: its graph page, its alerts and its HTTP API. */
  public URI url() {
    return URI.create(settings.baseUrl());
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  private void awaitReady() throws InterruptedException {
    URI ready = URI.create(settings.baseUrl() + "/-/ready");
    long deadline = System.nanoTime() + START_LIMIT.toNanos();
    try (HttpFetcher http = new HttpFetcher(HttpFetcherConfig.defaults()
        .withConnectTimeout(Duration.ofSeconds(1)).withResponseTimeout(Duration.ofSeconds(2))
        .withEventLoopThreads(1))) {
      while (true) {
        if (!process.isAlive()) {
          throw startFailed();
        }
        try {
          if (http.get(ready, Map.of()).get(3, TimeUnit.SECONDS).status() == 200) {
            return;
          }
        } catch (ExecutionException | TimeoutException notYet) {
          // not listening yet, or still loading its data
        }
        if (System.nanoTime() > deadline) {
          throw new LabException("Prometheus did not get ready within "
              + START_LIMIT.toSeconds() + " s; see its log in " + logFile + ".");
        }
        Thread.sleep(200);
      }
    }
  }

  private LabException startFailed() {
    String output = output();
    if (output.contains("address already in use")) {
      return new LabException("Port " + settings.port() + " is in use, so Prometheus cannot "
          + "start: stop what holds it (lsof -i :" + settings.port() + ") or choose another "
          + "port with --prometheus-port.");
    }
    return new LabException("Prometheus stopped at start (exit status " + process.exitValue()
        + ")" + lastError(output) + "; its log is " + logFile + ".");
  }

  private static String lastError(String output) {
    List<String> errors = new ArrayList<>();
    for (String line : output.split("\n")) {
      if (line.contains("level=error")) {
        errors.add(line.strip());
      }
    }
    return errors.isEmpty() ? "" : ": " + errors.get(errors.size() - 1);
  }

  private String output() {
    try {
      return Files.readString(logFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** Stops Prometheus: SIGTERM, then SIGKILL if it is still running after a few seconds. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_LIMIT_MILLIS, TimeUnit.MILLISECONDS)) {
        log.warn("Prometheus (pid {}) did not stop within {} ms; killing it", process.pid(),
            STOP_LIMIT_MILLIS);
        process.destroyForcibly().waitFor(STOP_LIMIT_MILLIS, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
