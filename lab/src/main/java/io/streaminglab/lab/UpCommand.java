package io.streaminglab.lab;

import io.streaminglab.packager.PackagerConfig;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code streaming-lab up}: the lab in one process. Each component keeps its own state, port,
 * directory and lifecycle, so that stopping one is a real fault: the packagers read the ingest's
 * hub in-process, and the origins are HTTP servers of their own.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = "Run the lab in one process, each component on the seed lab's port: the "
        + "ingest (:1936), two packagers, origin-primary (:8081), origin-backup (:8082) and the "
        + "switcher (:8080), which serves players, /healthz and every metric.")
final class UpCommand implements Callable<Integer> {
  @Mixin
  IngestOptions ingest;

  @Mixin
  PackagerOptions packaging;

  @Option(names = "--http-port", defaultValue = "8080", paramLabel = "PORT",
      description = "The switcher's port: players, /healthz, /metrics (default: "
          + "${DEFAULT-VALUE}).")
  int httpPort;

  @Mixin
  SwitcherOptions switching;

  @Option(names = "--primary-port", defaultValue = "8081", paramLabel = "PORT",
      description = "origin-primary's HTTP port (default: ${DEFAULT-VALUE}).")
  int primaryPort;

  @Option(names = "--backup-port", defaultValue = "8082", paramLabel = "PORT",
      description = "origin-backup's HTTP port (default: ${DEFAULT-VALUE}).")
  int backupPort;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Where the packagers write hls_primary/ and hls_backup/ "
          + "(default: streaming-lab in the system's temporary directory).")
  Path dataDir;

  @Option(names = "--stream", defaultValue = "mystream", paramLabel = "PATH",
      description = "The stream path publishers push to and the packagers read "
          + "(default: ${DEFAULT-VALUE}).")
  String stream;

  @Mixin
  ConfigOption config;

  @Override
  public Integer call() throws Exception {
    Path data = dataDir != null ? dataDir
        : Path.of(System.getProperty("java.io.tmpdir"), "streaming-lab");
    PackagerConfig checked = packaging.toConfig("primary", data);
    URI placeholder = URI.create("http://127.0.0.1/hls");
    LabSettings settings = new LabSettings(ingest.toConfig(), httpPort, primaryPort, backupPort,
        data, stream, checked.target(), checked.windowSize(),
        switching.toConfig(placeholder, placeholder, "127.0.0.1", httpPort));
    Lab lab = Lab.start(settings);
    printNextSteps(System.out, settings.ingest().host(), lab.rtmpPort(), lab.httpPort(),
        lab.primaryPort(), lab.backupPort(), settings.primaryDir(), settings.backupDir());
    lab.runUntilStopped();
    return 0;
  }

  private void printNextSteps(PrintStream out, String host, int rtmpPort, int labHttpPort,
      int primaryPort, int backupPort, Path primaryDir, Path backupDir) {
    String shown = host.equals("0.0.0.0") ? "localhost" : host;
    String rtmp = "rtmp://" + shown + ":" + rtmpPort;
    String primary = "http://" + shown + ":" + primaryPort + "/hls/index.m3u8";
    String backup = "http://" + shown + ":" + backupPort + "/hls/index.m3u8";
    out.println();
    String player = "http://" + shown + ":" + labHttpPort + "/hls/index.m3u8";
    out.println("Streaming Lab is up. Publish to it, then play the switcher's URL:");
    out.println("  Publish (ffmpeg)  ffmpeg -re -f lavfi -i testsrc2=size=1280x720:rate=30"
        + " -f lavfi -i sine=frequency=440 -c:v libx264 -g 60 -c:a aac -f flv "
        + rtmp + "/" + stream);
    out.println("  Publish (OBS)     Server " + rtmp + "/  Stream key " + stream
        + "  (Output > Keyframe Interval 2 s)");
    out.println("  Play              ffplay " + player + "   (VLC, Safari: the same URL)");
    out.println("  origin-primary    " + primary + "  (files in " + primaryDir + ")");
    out.println("  origin-backup     " + backup + "  (files in " + backupDir + ")");
    out.println("  Health            http://" + shown + ":" + labHttpPort + "/healthz");
    out.println("  Metrics           http://" + shown + ":" + labHttpPort + "/metrics");
    out.println("  Stop              Ctrl-C");
    out.println();
  }
}
