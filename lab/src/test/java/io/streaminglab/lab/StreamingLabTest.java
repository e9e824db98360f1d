package io.streaminglab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class StreamingLabTest {
  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(Map<String, String> env, String... args) {
    return StreamingLab.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void helpListsEveryCommand() {
    assertThat(run(Map.of(), "--help")).isZero();

    assertThat(out.toString()).contains("up ").contains("ingest ").contains("STREAMING_LAB_");
  }

  @Test
  void everyCommandHasItsOwnHelp() {
    assertThat(run(Map.of(), "ingest", "--help")).isZero();
    assertThat(out.toString()).contains("--rtmp-port").contains("--publish-key")
        .contains("--config");
    assertThat(run(Map.of(), "up", "--help")).isZero();
    assertThat(out.toString()).contains("--http-port");
  }

  @Test
  void aFlagWinsOverTheEnvironmentWhichWinsOverTheFile() throws IOException {
    Path file = dir.resolve("lab.yaml");
    Files.writeString(file, "rtmp-port: 1111\ningest:\n  publish-key: from-file\n"
        + "  max-message-size: 2048\n");
    Map<String, String> env = Map.of("STREAMING_LAB_RTMP_PORT", "2222",
        "STREAMING_LAB_CONFIG", file.toString());

    IngestCommand fromAll = parse(env, "ingest", "--rtmp-port", "3333");
    IngestCommand fromEnv = parse(env, "ingest");
    IngestCommand fromFile = parse(Map.of(), "ingest", "--config", file.toString());

    assertThat(fromAll.ingest.rtmpPort).isEqualTo(3333);
    assertThat(fromEnv.ingest.rtmpPort).isEqualTo(2222);
    assertThat(fromEnv.ingest.publishKey).isEqualTo("from-file");
    assertThat(fromFile.ingest.rtmpPort).isEqualTo(1111);
    assertThat(fromFile.ingest.maxMessageSize).isEqualTo(2048);
    assertThat(parse(Map.of(), "ingest").ingest.rtmpPort).isEqualTo(1936);
  }

  @Test
  void aBadFlagIsOneSentenceThatPointsToHelp() {
    assertThat(run(Map.of(), "ingest", "--rtmp-prot", "1")).isEqualTo(2);

    assertThat(err.toString().strip())
        .isEqualTo("Unknown options: '--rtmp-prot', '1'. See 'bin/streaming-lab ingest --help'.");
  }

  @Test
  void aBadConfigFileIsOneSentenceThatSaysWhere() throws IOException {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "ingest:\n  rtmp-port: [1936\n");

    assertThat(run(Map.of(), "ingest", "--config", file.toString())).isEqualTo(2);

    assertThat(err.toString()).startsWith("Config file " + file + " is not valid YAML at line")
        .hasLineCount(1);
  }

  @Test
  void anUnknownSettingInTheConfigFileIsNamed() throws IOException {
    Path file = dir.resolve("typo.yaml");
    Files.writeString(file, "ingest:\n  rmtp-port: 1936\n");

    assertThat(run(Map.of(), "ingest", "--config", file.toString())).isEqualTo(2);

    assertThat(err.toString()).contains("unknown setting 'ingest.rmtp-port'");
  }

  @Test
  void aMissingConfigFileIsNamed() {
    assertThat(run(Map.of(), "ingest", "--config", dir.resolve("nope.yaml").toString()))
        .isEqualTo(2);

    assertThat(err.toString()).contains("does not exist");
  }

  @Test
  void aPortInUseIsOneSentenceThatSaysWhatToDo() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      assertThat(run(Map.of(), "ingest", "--rtmp-port", Integer.toString(port),
          "--metrics-port", "0")).isEqualTo(1);

      assertThat(err.toString().strip()).isEqualTo("Port " + port + " is already in use: stop "
          + "whatever holds it (lsof -i :" + port + ") or choose another port with --rtmp-port.");
    }
  }

  private static IngestCommand parse(Map<String, String> env, String... args) {
    CommandLine cli = StreamingLab.commandLine(args, env);
    CommandLine.ParseResult result = cli.parseArgs(args);
    return (IngestCommand) result.subcommand().commandSpec().userObject();
  }

  @Test
  void publishProbeAndCtlExplainBadArgumentsInOneSentence() {
    assertThat(run(Map.of(), "publish", "--url", "http://localhost/mystream")).isEqualTo(1);
    assertThat(err.toString()).contains("is not an rtmp://HOST[:PORT]/PATH URL.");
    assertThat(run(Map.of(), "publish", "--url", "rtmp://localhost/s", "--streams", "0"))
        .isEqualTo(1);
    assertThat(err.toString()).contains("--streams must be between 1 and 1000");
    assertThat(run(Map.of(), "probe", "--duration", "soon")).isEqualTo(2);
    assertThat(err.toString()).contains("'soon' is not a duration such as 30s");
    assertThat(run(Map.of(), "ctl", "explode", "origin-primary")).isEqualTo(1);
    assertThat(err.toString()).contains("Unknown action 'explode'");
    assertThat(run(Map.of(), "ctl", "stop")).isEqualTo(1);
    assertThat(err.toString()).contains("Name the component to stop");
    assertThat(run(Map.of(), "ctl", "status", "--data-dir", dir.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("No running lab has left its admin token in " + dir);
  }

  @Test
  void aPackagerReadIntervalOverASecondIsOneSentence() {
    assertThat(run(Map.of(), "packager", "--out", dir.toString(), "--read-interval", "5s"))
        .isEqualTo(1);
    assertThat(err.toString()).contains("--read-interval must be at most 1000ms, not 5000ms.");
  }

  @Test
  void moreThanOneStreamIsNumbered() {
    assertThat(PublishCommand.urls("rtmp://h:1936/mystream", 2)).extracting(Object::toString)
        .containsExactly("rtmp://h:1936/mystream-1", "rtmp://h:1936/mystream-2");
    assertThat(PublishCommand.urls("rtmp://h:1936/live/cam?key=k", 2))
        .extracting(Object::toString)
        .containsExactly("rtmp://h:1936/live/cam-1?key=k", "rtmp://h:1936/live/cam-2?key=k");
    assertThat(PublishCommand.urls("rtmp://h:1936/mystream", 1)).extracting(Object::toString)
        .containsExactly("rtmp://h:1936/mystream");
  }
}
