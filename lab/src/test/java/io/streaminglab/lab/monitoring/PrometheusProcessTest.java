package io.streaminglab.lab.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streaminglab.lab.LabException;
import io.streaminglab.testkit.ExternalTool;
import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding Prometheus, and the sentences a user reads when it cannot run. */
class PrometheusProcessTest {
  @TempDir
  Path dir;

  @Test
  void theBinaryIsTheFirstExecutablePrometheusOnThePath() throws Exception {
    Path empty = Files.createDirectory(dir.resolve("empty"));
    Path notExecutable = Files.createDirectory(dir.resolve("plain"));
    Files.writeString(notExecutable.resolve("prometheus"), "");
    Path bin = Files.createDirectory(dir.resolve("bin"));
    Path binary = Files.createFile(bin.resolve("prometheus"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));

    String path = String.join(File.pathSeparator, empty.toString(), notExecutable.toString(),
        bin.toString());

    assertThat(PrometheusProcess.locate(path)).contains(binary);
    assertThat(PrometheusProcess.locate(empty.toString())).isEmpty();
    assertThat(PrometheusProcess.locate(null)).isEmpty();
  }

  @Test
  void withoutPrometheusTheLabSaysHowToInstallIt() {
    PrometheusSettings settings = PrometheusSettings.forLab("127.0.0.1", 9090, 8080, dir);

    assertThatThrownBy(() -> PrometheusProcess.start(settings, Optional.empty()))
        .isInstanceOf(LabException.class)
        .hasMessage("--prometheus needs the prometheus binary on the PATH: install it (Debian: "
            + "apt-get install prometheus) or start without --prometheus.");
  }

  @Test
  void aTakenPortIsNamedWithTheFlagThatChangesIt() throws Exception {
    Path binary = Path.of(ExternalTool.PROMETHEUS.require());
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      PrometheusSettings settings = PrometheusSettings.forLab("127.0.0.1", port, 8080, dir);

      assertThatThrownBy(() -> PrometheusProcess.start(settings, Optional.of(binary)))
          .isInstanceOf(LabException.class)
          .hasMessage("Port " + port + " is in use, so Prometheus cannot start: stop what holds "
              + "it (lsof -i :" + port + ") or choose another port with --prometheus-port.");
    }
  }
}
