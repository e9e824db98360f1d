package io.streaminglab.lab;

import picocli.CommandLine.Option;

/**
 * The {@code --host} option of a server that listens on one address for its clients and its
 * metrics alike ({@code origin}, {@code switcher}). {@code ingest} and {@code packager} word
 * theirs for what listens there, so they keep their own.
 */
final class ListenHostOption {
  @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;
}
