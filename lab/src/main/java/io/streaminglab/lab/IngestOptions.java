package io.streaminglab.lab;

import io.streaminglab.ingest.IngestConfig;
import picocli.CommandLine.Option;

/** The options that configure an RTMP ingest, shared by {@code ingest} and {@code up}. */
final class IngestOptions {
  @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
      description = "Address to listen on; 0.0.0.0 to accept publishers from other machines "
          + "(default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--rtmp-port", defaultValue = "1936", paramLabel = "PORT",
      description = "RTMP port (default: ${DEFAULT-VALUE}).")
  int rtmpPort;

  @Option(names = "--publish-key", paramLabel = "KEY",
      description = "Require publishers to give this key as ?key=KEY on the URL or the stream "
          + "name (default: anyone may publish).")
  String publishKey;

  @Option(names = "--max-message-size", defaultValue = "4194304", paramLabel = "BYTES",
      description = "Largest RTMP message accepted; a longer one closes the session "
          + "(default: ${DEFAULT-VALUE}).")
  int maxMessageSize;

  IngestConfig toConfig() {
    if (rtmpPort < 1 || rtmpPort > 65535) {
      throw new LabException("--rtmp-port must be between 1 and 65535, not " + rtmpPort + ".");
    }
    if (maxMessageSize < 1024) {
      throw new LabException("--max-message-size must be at least 1024 bytes, not "
          + maxMessageSize + ".");
    }
    return IngestConfig.defaults().withHost(host).withPort(rtmpPort).withPublishKey(publishKey)
        .withMaxMessageLength(maxMessageSize);
  }
}
