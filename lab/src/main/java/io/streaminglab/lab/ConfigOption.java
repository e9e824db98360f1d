package io.streaminglab.lab;

import picocli.CommandLine.Option;

/**
 * The {@code --config} option every command shows in its help. The file is read before the
 * command line is parsed (see {@link StreamingLab}), so this field only documents it.
 */
final class ConfigOption {
  @Option(names = "--config", paramLabel = "FILE",
      description = "YAML file with settings: a section per command keyed by option names "
          + "(env STREAMING_LAB_CONFIG).")
  String config;
}
