package io.streaminglab.origin;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests that try to read outside the served directory, sent over raw sockets because
 * {@code java.net.http} normalises some of them away.
 */
class OriginSecurityTest {
  private static final String SECRET = "do-not-serve-this";

  @TempDir
  Path base;

  private Path directory;
  private OriginServer server;

  @BeforeEach
  void startOrigin() throws Exception {
    directory = Files.createDirectories(base.resolve("hls"));
    Files.writeString(directory.resolve("index.m3u8"), OriginServerTest.PLAYLIST);
    Files.createDirectories(directory.resolve("v1"));
    Files.writeString(directory.resolve("v1/seg-1.ts"), "segment");
    Files.writeString(base.resolve("secret.txt"), SECRET);
    Files.writeString(directory.resolve(".index.m3u8.tmp"), SECRET);
    Files.createSymbolicLink(directory.resolve("passwd.ts"), Path.of("/etc/passwd"));
    Files.createSymbolicLink(directory.resolve("secret.ts"), base.resolve("secret.txt"));
    Files.createSymbolicLink(directory.resolve("up"), base);
    Files.createSymbolicLink(directory.resolve("live.m3u8"), directory.resolve("index.m3u8"));
    server = new OriginServer(OriginConfig.of(directory).withPort(0),
        new OriginMetrics(new PrometheusRegistry(), "primary"), Clock.systemUTC(), transport())
        .start();
  }

  /** The transport under test; {@link OriginSecurityOnNioTest} runs every test on NIO. */
  OriginTransport transport() {
    return OriginTransport.preferred();
  }

  @AfterEach
  void stopOrigin() throws Exception {
    server.close();
    Files.delete(directory.resolve("passwd.ts")); // spares JUnit's warning about outside links
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/hls/../secret.txt", "/hls/v1/../../secret.txt", "/hls/..", "/hls/./index.m3u8",
      "/hls/%2e%2e/secret.txt", "/hls/%2E%2E/secret.txt", "/hls/.%2e/secret.txt",
      "/hls/%2e%2e%2fsecret.txt", "/hls/..%2fsecret.txt", "/hls/..%2Fsecret.txt",
      "/hls/..%5csecret.txt", "/hls/..\\secret.txt", "/hls/v1\\..\\..\\secret.txt",
      "/hls/index.m3u8%00", "/hls/..%00/secret.txt", "/hls/%00../secret.txt",
      "/hls//etc/passwd", "/hls/%2fetc%2fpasswd", "/hls/%2Fetc/passwd",
      "/hls/%252e%252e/secret.txt", "/hls/%252e%252e%252fsecret.txt",
      "/hls/%c0%ae%c0%ae/secret.txt", "/hls/%c0%af../secret.txt",
      "/hls/passwd.ts", "/hls/secret.ts", "/hls/up/secret.txt", "/hls/up/hls/../secret.txt",
      "/hls/.index.m3u8.tmp", "/hls/%2eindex.m3u8.tmp",
      "/../secret.txt", "/hls/../../../../../../etc/passwd",
      "http://evil/../../etc/passwd", "/etc/passwd"})
  void neverServesAnythingOutsideTheDirectory(String target) throws Exception {
    RawHttp.Response response = RawHttp.exchange(server.port(), "GET", target);

    assertThat(response.status()).as(target).isIn(400, 404);
    assertThat(response.text()).doesNotContain(SECRET).doesNotContain("root:");
  }

  @Test
  void refusesASymbolicLinkToEtcPasswd() throws Exception {
    RawHttp.Response get = RawHttp.exchange(server.port(), "GET", "/hls/passwd.ts");
    RawHttp.Response head = RawHttp.exchange(server.port(), "HEAD", "/hls/passwd.ts");

    assertThat(get.status()).isEqualTo(404);
    assertThat(get.text()).doesNotContain("root:");
    assertThat(head.status()).isEqualTo(404);
    assertThat(head.header("content-length"))
        .isNotEqualTo(String.valueOf(Files.size(Path.of("/etc/passwd"))));
  }

  @Test
  void servesASymbolicLinkToAFileInside() throws Exception {
    RawHttp.Response response = RawHttp.exchange(server.port(), "GET", "/hls/live.m3u8");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.text()).isEqualTo(OriginServerTest.PLAYLIST);
  }

  @Test
  void staysUpAfterAnAttack() throws Exception {
    RawHttp.exchange(server.port(), "GET", "/hls/%2e%2e/secret.txt");
    RawHttp.exchange(server.port(), "GET", "/hls/\u0000");

    assertThat(RawHttp.exchange(server.port(), "GET", "/hls/v1/seg-1.ts").text())
        .isEqualTo("segment");
  }
}
