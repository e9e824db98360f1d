package io.streaminglab.origin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.EpollChannelOption;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connections: persistence, pipelining, limits, idle clients, and the origin's lifecycle. */
class OriginConnectionTest {
  @TempDir
  Path directory;

  private OriginServer server;

  @BeforeEach
  void startOrigin() throws Exception {
    Files.writeString(directory.resolve("index.m3u8"), OriginServerTest.PLAYLIST);
    Files.write(directory.resolve("seg-1.ts"), OriginServerTest.pattern(50_000));
    server = start(OriginConfig.of(directory).withPort(0));
  }

  @AfterEach
  void stopOrigin() {
    server.close();
  }

  @Test
  void keepsTheConnectionOpenBetweenRequests() throws Exception {
    try (RawHttp http = new RawHttp(server.port())) {
      for (int i = 0; i < 3; i++) {
        http.send("GET /hls/seg-1.ts HTTP/1.1\r\nHost: x\r\n\r\n");
        RawHttp.Response response = http.read(false);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).hasSize(50_000);
        assertThat(response.header("connection")).isNull();
      }
    }
  }

  @Test
  void leavesNoConnectionCorkedOnceASegmentIsSent() throws Exception {
    try (RawHttp http = new RawHttp(server.port())) {
      http.send("GET /hls/seg-1.ts HTTP/1.1\r\nHost: x\r\n\r\n");
      RawHttp.Response segment = http.read(false);
      http.send("GET /hls/index.m3u8 HTTP/1.1\r\nHost: x\r\n\r\n");
      RawHttp.Response playlist = http.read(false);

      assertThat(segment.status()).isEqualTo(200);
      assertThat(segment.body()).hasSize(50_000);
      assertThat(playlist.text()).isEqualTo(OriginServerTest.PLAYLIST);
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(server.connections())
          .hasSize(1)
          .allSatisfy(channel -> assertThat(channel.config().getOption(EpollChannelOption.TCP_CORK))
              .as("TCP_CORK (null where the transport has none)").isNotEqualTo(Boolean.TRUE)));
    }
  }

  @Test
  void listensOnAPlainIpv4SocketForAnIpv4Address() throws Exception {
    Path tcp = Path.of("/proc/net/tcp");
    assumeTrue(Files.isReadable(tcp), "no /proc/net/tcp to read the listening sockets from");
    String port = String.format(":%04X ", server.port());

    assertThat(listening(tcp)).anySatisfy(line -> assertThat(line).contains(port));
    Path tcp6 = Path.of("/proc/net/tcp6");
    if (Files.isReadable(tcp6)) {
      assertThat(listening(tcp6)).noneSatisfy(line -> assertThat(line).contains(port));
    }
  }

  /** The lines of a /proc/net/tcp table whose socket is listening (state 0A). */
  private static java.util.List<String> listening(Path table) throws Exception {
    return Files.readAllLines(table).stream()
        .filter(line -> line.trim().split("\\s+").length > 3
            && line.trim().split("\\s+")[3].equals("0A"))
        .toList();
  }

  @Test
  void closesTheConnectionWhenTheClientAsks() throws Exception {
    try (RawHttp http = new RawHttp(server.port())) {
      http.send("GET /hls/index.m3u8 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      RawHttp.Response response = http.read(false);

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("connection")).isEqualToIgnoringCase("close");
      assertThat(http.closedByServer()).isTrue();
    }
  }

  @Test
  void closesHttp10ConnectionsUnlessAskedToKeepThem() throws Exception {
    try (RawHttp http = new RawHttp(server.port())) {
      http.send("GET /hls/index.m3u8 HTTP/1.0\r\n\r\n");

      assertThat(http.read(false).text()).isEqualTo(OriginServerTest.PLAYLIST);
      assertThat(http.closedByServer()).isTrue();
    }
    try (RawHttp http = new RawHttp(server.port())) {
      http.send("GET /hls/index.m3u8 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
      RawHttp.Response first = http.read(false);
      http.send("GET /hls/index.m3u8 HTTP/1.0\r\n\r\n");

      assertThat(first.header("connection")).isEqualToIgnoringCase("keep-alive");
      assertThat(http.read(false).status()).isEqualTo(200);
    }
  }

  @Test
  void answersPipelinedRequestsInOrder() throws Exception {
    try (RawHttp http = new RawHttp(server.port())) {
      http.send("GET /hls/seg-1.ts HTTP/1.1\r\nHost: x\r\n\r\n"
          + "HEAD /hls/index.m3u8 HTTP/1.1\r\nHost: x\r\n\r\n"
          + "GET /hls/missing.ts HTTP/1.1\r\nHost: x\r\n\r\n"
          + "GET /hls/index.m3u8 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

      assertThat(http.read(false).body()).hasSize(50_000);
      assertThat(http.read(true).header("content-type"))
          .isEqualTo("application/vnd.apple.mpegurl");
      assertThat(http.read(false).status()).isEqualTo(404);
      assertThat(http.read(false).text()).isEqualTo(OriginServerTest.PLAYLIST);
      assertThat(http.closedByServer()).isTrue();
    }
  }

  @Test
  void disconnectsAClientThatPipelinesTooDeeply() throws Exception {
    Files.write(directory.resolve("large.ts"), OriginServerTest.pattern(4 << 20));
    int sent = OriginRequestHandler.MAX_PIPELINED + 10;
    try (RawHttp http = new RawHttp(server.port())) {
      http.send("GET /hls/large.ts HTTP/1.1\r\nHost: x\r\n\r\n".repeat(sent));
      int answered = 0;
      try {
        while (answered < sent) {
          http.read(false);
          answered++;
        }
      } catch (java.io.IOException | RuntimeException closed) {
        // the server hung up: what the test wants
      }

      assertThat(answered).isLessThan(sent);
    }
    assertThat(RawHttp.exchange(server.port(), "GET", "/hls/index.m3u8").status())
        .isEqualTo(200);
  }

  @Test
  void waitsForARequestThatArrivesInPieces() throws Exception {
    try (RawHttp http = new RawHttp(server.port())) {
      http.send("GET /hls/index.m3u8 HT");
      Thread.sleep(100);
      http.send("TP/1.1\r\nHost: x\r\n");
      Thread.sleep(100);
      http.send("\r\n");

      assertThat(http.read(false).text()).isEqualTo(OriginServerTest.PLAYLIST);
    }
  }

  @Test
  void closesIdleConnections() throws Exception {
    try (OriginServer quick = start(OriginConfig.of(directory).withPort(0)
        .withIdleTimeout(Duration.ofMillis(300)));
        RawHttp http = new RawHttp(quick.port())) {
      http.send("GET /hls/index.m3u8 HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(http.read(false).status()).isEqualTo(200);

      assertThat(http.closedByServer()).isTrue();
    }
  }

  @Test
  void refusesAnOverlongRequestLine() throws Exception {
    try (RawHttp http = new RawHttp(server.port())) {
      http.send("GET /hls/" + "a".repeat(5000) + ".ts HTTP/1.1\r\nHost: x\r\n\r\n");

      assertThat(http.read(false).status()).isEqualTo(414);
      assertThat(http.closedByServer()).isTrue();
    }
  }

  @Test
  void refusesOverlongHeaders() throws Exception {
    try (RawHttp http = new RawHttp(server.port())) {
      http.send("GET /hls/index.m3u8 HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(10_000)
          + "\r\n\r\n");

      assertThat(http.read(false).status()).isEqualTo(431);
      assertThat(http.closedByServer()).isTrue();
    }
  }

  @Test
  void refusesGarbage() throws Exception {
    try (RawHttp http = new RawHttp(server.port())) {
      http.send("\u0016\u0003\u0001 not http at all\r\n\r\n");

      assertThat(http.read(false).status()).isEqualTo(400);
      assertThat(http.closedByServer()).isTrue();
    }
  }

  @Test
  void refusesALargeRequestBody() throws Exception {
    try (RawHttp http = new RawHttp(server.port())) {
      http.send("POST /hls/index.m3u8 HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n");

      assertThat(http.read(false).status()).isEqualTo(413);
    }
  }

  @Test
  void skipsASmallRequestBodyAndGoesOn() throws Exception {
    try (RawHttp http = new RawHttp(server.port())) {
      http.send("POST /hls/index.m3u8 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
          + "GET /hls/index.m3u8 HTTP/1.1\r\nHost: x\r\n\r\n");

      assertThat(http.read(false).status()).isEqualTo(405);
      assertThat(http.read(false).text()).isEqualTo(OriginServerTest.PLAYLIST);
    }
  }

  @Test
  void closeEndsOpenConnectionsAndRefusesNewOnes() throws Exception {
    int port = server.port();
    try (RawHttp http = new RawHttp(port)) {
      http.send("GET /hls/index.m3u8 HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(http.read(false).status()).isEqualTo(200);

      server.close();

      assertThat(http.closedByServer()).isTrue();
    }
    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void startsAgainAfterClose() throws Exception {
    server.close();
    server.start();

    assertThat(RawHttp.exchange(server.port(), "GET", "/hls/index.m3u8").status())
        .isEqualTo(200);
  }

  @Test
  void saysWhichAddressIsTakenWhenThePortIsInUse() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50,
        java.net.InetAddress.getByName("127.0.0.1"))) {
      OriginServer second = new OriginServer(
          OriginConfig.of(directory).withPort(taken.getLocalPort()),
          new OriginMetrics(new PrometheusRegistry(), "backup"), Clock.systemUTC(), transport());

      assertThatThrownBy(second::start)
          .isInstanceOf(OriginBindException.class)
          .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
          .hasMessageContaining("choose another");
      assertThatThrownBy(second::port).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void saysWhenTheDirectoryWasRemovedBeforeStart() throws Exception {
    Path gone = Files.createDirectories(directory.resolve("gone"));
    OriginServer origin = new OriginServer(OriginConfig.of(gone).withPort(0),
        new OriginMetrics(new PrometheusRegistry(), "backup"));
    Files.delete(gone);

    assertThatThrownBy(origin::start).isInstanceOf(java.io.FileNotFoundException.class)
        .hasMessageContaining(gone.toString()).hasMessageContaining("does not exist");
  }

  @Test
  void refusesToStartTwice() {
    assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
  }

  /** The transport under test; {@link OriginConnectionOnNioTest} runs every test on NIO. */
  OriginTransport transport() {
    return OriginTransport.preferred();
  }

  private OriginServer start(OriginConfig config) throws Exception {
    return new OriginServer(config, new OriginMetrics(new PrometheusRegistry(), "primary"),
        Clock.systemUTC(), transport()).start();
  }
}
