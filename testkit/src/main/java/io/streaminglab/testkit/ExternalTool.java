package io.streaminglab.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A program that end-to-end tests drive as a real peer (ffmpeg, ffprobe, nginx, prometheus,
 * promtool, Chromium and its WebDriver).
 *
 * <p>{@link #require()} returns the program's path. When the program is not installed the test
 * fails under CI ({@code CI=true}), where {@code .ci/run} must have installed it, and is skipped
 * with a clear message elsewhere, so that a developer without the tool can still run the rest.
 */
public enum ExternalTool {
  FFMPEG("ffmpeg", "ffmpeg"),
  FFPROBE("ffprobe", "ffmpeg"),
  NGINX("nginx", "nginx libnginx-mod-rtmp"),
  CHROMIUM("chromium", "chromium"),
  CHROMEDRIVER("chromedriver", "chromium-driver"),
  PROMTOOL("promtool", "prometheus"),
  PROMETHEUS("prometheus", "prometheus");

  private final String command;
  private final String debianPackage;

  ExternalTool(String command, String debianPackage) {
    this.command = command;
    this.debianPackage = debianPackage;
  }

  /** The program's path, or fails (CI) or skips (elsewhere) the calling test when it is missing. */
  public String require() {
    Optional<Path> found = locate();
    if (found.isPresent()) {
      return found.get().toString();
    }
    String message = command + " is not on the PATH; install it with `apt-get install "
        + debianPackage + "` to run this end-to-end test.";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail(message);
    }
    Assumptions.abort(message);
    throw new AssertionError("unreachable");
  }

  /** The program's path when it is installed. */
  public Optional<Path> locate() {
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
    for (String dir : new String[] {"/usr/sbin", "/usr/local/sbin"}) {
      Path candidate = Path.of(dir, command);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
