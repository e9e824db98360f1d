package io.streaminglab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The options several commands share through a mixin keep each command's default. */
class SharedOptionsTest {
  @TempDir
  Path dir;

  @Test
  void eachCommandKeepsItsOwnMetricsPortAndSaysSoInItsHelp() {
    assertThat(metricsPort(Map.of(), "ingest")).isEqualTo(9101);
    assertThat(metricsPort(Map.of(), "packager", "--out", dir.toString())).isEqualTo(9102);
    assertThat(metricsPort(Map.of(), "origin", "--dir", dir.toString())).isEqualTo(9103);

    assertThat(help("ingest")).contains("it off (default: 9101).");
    assertThat(help("packager")).contains("it off (default: 9102).");
    assertThat(help("origin")).contains("it off (default: 9103).");
  }

  @Test
  void theMetricsPortComesFromAFlagTheEnvironmentOrTheCommandsSectionOfTheFile()
      throws IOException {
    Path file = dir.resolve("lab.yaml");
    Files.writeString(file, "packager:\n  metrics-port: 9202\n");

    assertThat(metricsPort(Map.of(), "ingest", "--metrics-port", "0")).isZero();
    assertThat(metricsPort(Map.of("STREAMING_LAB_METRICS_PORT", "9300"), "origin", "--dir",
        dir.toString())).isEqualTo(9300);
    assertThat(metricsPort(Map.of(), "packager", "--config", file.toString(), "--out",
        dir.toString())).isEqualTo(9202);
    assertThat(metricsPort(Map.of(), "ingest", "--config", file.toString())).isEqualTo(9101);
  }

  @Test
  void originAndSwitcherShareTheirListenAddressOption() {
    OriginCommand origin = (OriginCommand) parse(Map.of(), "origin", "--dir", dir.toString(),
        "--host", "0.0.0.0");
    SwitcherCommand switcher = (SwitcherCommand) parse(Map.of(), "switcher");

    assertThat(origin.listen.host).isEqualTo("0.0.0.0");
    assertThat(switcher.listen.host).isEqualTo("127.0.0.1");
    assertThat(help("switcher")).contains("Address to listen on (default: 127.0.0.1).");
  }

  private static int metricsPort(Map<String, String> env, String... args) {
    Object command = parse(env, args);
    if (command instanceof IngestCommand) {
      return ((IngestCommand) command).metricsPort.port;
    }
    if (command instanceof PackagerCommand) {
      return ((PackagerCommand) command).metricsPort.port;
    }
    return ((OriginCommand) command).metricsPort.port;
  }

  private static Object parse(Map<String, String> env, String... args) {
    CommandLine cli = StreamingLab.commandLine(args, env);
    return cli.parseArgs(args).subcommand().commandSpec().userObject();
  }

  private static String help(String command) {
    StringWriter out = new StringWriter();
    StreamingLab.run(new String[] {command, "--help"}, Map.of(), new PrintWriter(out, true),
        new PrintWriter(new StringWriter(), true));
    return out.toString().replaceAll("\\s+", " ");
  }
}
