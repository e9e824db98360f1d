package io.streaminglab.lab.config;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where an option not given on the command line takes its value from, in order: an environment
 * variable, the config file, the option's own default. So flags win over the environment, and
 * the environment over the file.
 *
 * <p>The environment variable of {@code --rtmp-port} is {@code STREAMING_LAB_RTMP_PORT}; a few
 * options also answer to the seed lab's names (the switcher's {@code PRIMARY_BASE_URL} and
 * friends), which an option declares with {@link #SEED_NAMES}.
 */
public final class LabDefaults implements IDefaultValueProvider {
  /** The prefix of every environment variable that sets an option. */
  public static final String ENV_PREFIX = "STREAMING_LAB_";

  /** Options that the seed lab's environment variables set, by long option name. */
  static final Map<String, String> SEED_NAMES = Map.of(
      "primary-base-url", "PRIMARY_BASE_URL",
      "backup-base-url", "BACKUP_BASE_URL",
      "playlist-path", "PLAYLIST_PATH",
      "check-interval-seconds", "CHECK_INTERVAL_SECONDS",
      "segment-age-threshold-seconds", "SEGMENT_AGE_THRESHOLD_SECONDS",
      "required-windows", "REQUIRED_WINDOWS");

  private final Map<String, String> environment;
  private final ConfigFile file;

  public LabDefaults(Map<String, String> environment, ConfigFile file) {
    this.environment = environment;
    this.file = file;
  }

  /** The environment variable that sets an option with this long name (without dashes). */
  public static String environmentName(String option) {
    return ENV_PREFIX + option.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  @Override
  public String defaultValue(ArgSpec argSpec) {
    if (!(argSpec instanceof OptionSpec)) {
      return null;
    }
    String option = ((OptionSpec) argSpec).longestName().replaceFirst("^-+", "");
    String fromEnv = environment.get(environmentName(option));
    if (fromEnv == null && SEED_NAMES.containsKey(option)) {
      fromEnv = environment.get(SEED_NAMES.get(option));
    }
    if (fromEnv != null) {
      return fromEnv;
    }
    String command = argSpec.command() == null ? "" : argSpec.command().name();
    return file.lookup(command, option);
  }
}
