package io.streaminglab.lab;

import io.streaminglab.ingest.IngestConfig;
import io.streaminglab.switcher.AdminTokens;
import io.streaminglab.switcher.SwitcherConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@code up} runs: the ingests' settings, the ports of the lab's HTTP endpoint and of both
 * origins, where the packagers write, which stream they package and how.
 *
 * @param ingest ingest-primary's settings (its host is every component's host); ingest-backup
 *     has the same but its port
 * @param backupRtmpPort ingest-backup's RTMP port
 * @param httpPort switcher-primary's port: players, metrics, the status page
 * @param backupHttpPort switcher-backup's port
 * @param primaryPort origin-primary's port
 * @param backupPort origin-backup's port
 * @param dataDir the parent of {@code hls_primary/} and {@code hls_backup/}
 * @param stream the stream path the packagers read
 * @param target the target segment duration
 * @param window the segments a live playlist lists
 * @param switcher the switcher's settings; its origins and host are set by the lab
 * @param publisher whether the built-in publisher publishes to the ingest
 */
public record LabSettings(IngestConfig ingest, int backupRtmpPort, int httpPort,
    int backupHttpPort, int primaryPort, int backupPort,
    Path dataDir, String stream, Duration target, int window, SwitcherConfig switcher,
    boolean publisher) {

  public LabSettings {
    Objects.requireNonNull(ingest, "ingest == null");
    Objects.requireNonNull(dataDir, "dataDir == null");
    Objects.requireNonNull(stream, "stream == null");
    Objects.requireNonNull(target, "target == null");
    Objects.requireNonNull(switcher, "switcher == null");
  }

  /** Every port ephemeral and no built-in publisher, for tests. */
  public static LabSettings ephemeral(Path dataDir) {
    URI placeholder = URI.create("http://127.0.0.1/hls");
    return new LabSettings(IngestConfig.defaults().withPort(0), 0, 0, 0, 0, 0, dataDir, "mystream",
        Duration.ofSeconds(2), 6, SwitcherConfig.of(placeholder, placeholder,
            AdminTokens.generate()), false);
  }

  public Path primaryDir() {
    return dataDir.resolve("hls_primary");
  }

  public Path backupDir() {
    return dataDir.resolve("hls_backup");
  }

  /** Where {@code up} stores the admin token for {@code ctl}. */
  public Path tokenFile() {
    return dataDir.resolve(LabHandle.TOKEN);
  }

  public LabSettings withSwitcher(SwitcherConfig value) {
    return new LabSettings(ingest, backupRtmpPort, httpPort, backupHttpPort, primaryPort, backupPort, dataDir, stream, target,
        window, value, publisher);
  }

  public LabSettings withPublisher(boolean value) {
    return new LabSettings(ingest, backupRtmpPort, httpPort, backupHttpPort, primaryPort, backupPort, dataDir, stream, target,
        window, switcher, value);
  }
}
