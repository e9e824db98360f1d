package io.streaminglab.lab;

import io.streaminglab.packager.PackagerConfig;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How packagers cut and list segments, shared by {@code packager} and {@code up}. */
final class PackagerOptions {
  @Option(names = "--target-duration", defaultValue = "2", paramLabel = "SECONDS",
      description = "Target segment duration; publishers should send a keyframe this often "
          + "(default: ${DEFAULT-VALUE}).")
  int targetSeconds;

  @Option(names = "--window", defaultValue = "6", paramLabel = "SEGMENTS",
      description = "Segments listed in the live playlist (default: ${DEFAULT-VALUE}).")
  int window;

  PackagerConfig toConfig(String name, Path directory) {
    if (targetSeconds < 1 || targetSeconds > 30) {
      throw new LabException("--target-duration must be between 1 and 30 seconds, not "
          + targetSeconds + ".");
    }
    if (window < 3 || window > 1000) {
      throw new LabException("--window must be between 3 and 1000 segments, not " + window
          + ".");
    }
    return PackagerConfig.of(name, directory).withTarget(Duration.ofSeconds(targetSeconds))
        .withWindowSize(window);
  }
}
