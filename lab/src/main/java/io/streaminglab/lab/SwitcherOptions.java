package io.streaminglab.lab;

import io.streaminglab.switcher.AdminTokens;
import io.streaminglab.switcher.SwitcherConfig;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * How the switcher judges origins, shared by {@code switcher} and {@code up}. The seed lab's
 * environment variables set the same options (CHECK_INTERVAL_SECONDS and friends).
 */
final class SwitcherOptions {
  @Option(names = "--check-interval-seconds", defaultValue = "1", paramLabel = "SECONDS",
      description = "How often each origin's playlist is polled (env CHECK_INTERVAL_SECONDS; "
          + "default: ${DEFAULT-VALUE}).")
  double checkIntervalSeconds;

  @Option(names = "--segment-age-threshold-seconds", paramLabel = "SECONDS",
      description = "An origin whose newest segment is older than this is unhealthy (env "
          + "SEGMENT_AGE_THRESHOLD_SECONDS; default: off, a playlist that has not grown for "
          + "1.5 target durations is stale anyway).")
  Double segmentAgeThresholdSeconds;

  @Option(names = "--required-windows", defaultValue = "2", paramLabel = "N",
      description = "Bad checks in a row before a failover, good ones before a switch back "
          + "(env REQUIRED_WINDOWS; default: ${DEFAULT-VALUE}).")
  int requiredWindows;

  @Option(names = "--min-dwell-seconds", defaultValue = "10", paramLabel = "SECONDS",
      description = "Least time on the backup before switching back (default: "
          + "${DEFAULT-VALUE}).")
  double minDwellSeconds;

  @Option(names = "--admin-token", paramLabel = "TOKEN",
      description = "Token of the admin API (default: a random one, stored for ctl).")
  String adminToken;

  SwitcherConfig toConfig(URI primary, URI backup, String host, int port) {
    if (checkIntervalSeconds < 0.1 || checkIntervalSeconds > 300) {
      throw new LabException("--check-interval-seconds must be between 0.1 and 300, not "
          + checkIntervalSeconds + ".");
    }
    if (requiredWindows < 1 || requiredWindows > 100) {
      throw new LabException("--required-windows must be between 1 and 100, not "
          + requiredWindows + ".");
    }
    if (segmentAgeThresholdSeconds != null && segmentAgeThresholdSeconds <= 0) {
      throw new LabException("--segment-age-threshold-seconds must be positive.");
    }
    if (adminToken != null && adminToken.length() < 16) {
      throw new LabException("--admin-token must have at least 16 characters.");
    }
    try {
      return SwitcherConfig.of(primary, backup, adminToken != null ? adminToken
              : AdminTokens.generate())
          .withHost(host).withPort(port)
          .withChecks(seconds(checkIntervalSeconds), segmentAgeThresholdSeconds == null ? null
              : seconds(segmentAgeThresholdSeconds), requiredWindows)
          .withMinDwell(seconds(minDwellSeconds));
    } catch (IllegalArgumentException e) {
      throw new LabException("The switcher's settings are wrong: " + e.getMessage() + ".");
    }
  }

  private static Duration seconds(double value) {
    return Duration.ofMillis(Math.round(value * 1000));
  }
}
