package io.streaminglab.origin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OriginConfigTest {
  @TempDir
  Path directory;

  @Test
  void defaultsToLoopbackOnThePrimaryPort() {
    OriginConfig config = OriginConfig.of(directory);

    assertThat(config.host()).isEqualTo("127.0.0.1");
    assertThat(config.port()).isEqualTo(8081);
    assertThat(config.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void refusesAMissingDirectoryWithAMessageThatSaysWhatToDo() {
    Path missing = directory.resolve("nope");

    assertThatThrownBy(() -> OriginConfig.of(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist");
  }

  @Test
  void refusesAFileAsTheDirectory() throws Exception {
    Path file = Files.writeString(directory.resolve("file"), "x");

    assertThatThrownBy(() -> OriginConfig.of(file)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesBadValues() {
    OriginConfig config = OriginConfig.of(directory);

    assertThatThrownBy(() -> config.withPort(65536)).hasMessageContaining("port");
    assertThatThrownBy(() -> config.withPort(-1)).hasMessageContaining("port");
    assertThatThrownBy(() -> config.withHost(" ")).hasMessageContaining("host");
    assertThatThrownBy(() -> config.withIdleTimeout(Duration.ZERO))
        .hasMessageContaining("idleTimeout");
    assertThatThrownBy(() -> new OriginConfig(null, "h", 1, Duration.ofSeconds(1)))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("directory");
  }
}
