package io.streaminglab.httpclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.streaminglab.httpclient.FetchException.Kind;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a caller of {@link HttpFetcher} sees from well-behaved and misbehaving servers. */
class HttpFetcherTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private HttpFetcher fetcher = fetcher(HttpFetcherConfig.defaults()
      .withConnectTimeout(Duration.ofMillis(500))
      .withResponseTimeout(Duration.ofSeconds(2)));

  @AfterEach
  void closeAll() throws Exception {
    fetcher.close();
    for (AutoCloseable closeable : closeables) {
      closeable.close();
    }
  }

  @Test
  void sequentialRequestsReuseOneKeepAliveConnection() throws Exception {
    ScriptedServer server = server((request, connection) ->
        ScriptedServer.ok(connection, "answer to " + request.target()));

    for (int i = 0; i < 5; i++) {
      HttpResult result = fetch(server.uri("/hls/seg-" + i + ".ts"));
      assertThat(result.status()).isEqualTo(200);
      assertThat(new String(result.body(), StandardCharsets.UTF_8))
          .isEqualTo("answer to /hls/seg-" + i + ".ts");
    }

    assertThat(server.accepted()).isEqualTo(1);
    assertThat(server.requests()).extracting(ScriptedServer.Request::connection)
        .containsOnly(0);
  }

  @Test
  void sendsHostUserAgentAndTheCallersHeaders() throws Exception {
    ScriptedServer server = server((request, connection) -> ScriptedServer.ok(connection, "x"));

    fetch(server.uri("/hls/index.m3u8?_HLS_msn=4"), Map.of("X-Probe", "yes"));

    ScriptedServer.Request request = server.requests().get(0);
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.target()).isEqualTo("/hls/index.m3u8?_HLS_msn=4");
    assertThat(request.header("host")).isEqualTo(server.uri("/").getAuthority());
    assertThat(request.header("user-agent")).isEqualTo("streaming-lab");
    assertThat(request.header("x-probe")).isEqualTo("yes");
  }

  @Test
  void concurrentRequestsToOneHostOpenMoreConnections() throws Exception {
    ScriptedServer server = server((request, connection) -> {
      Thread.sleep(300);
      return ScriptedServer.ok(connection, "slow");
    });

    List<CompletableFuture<HttpResult>> futures = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      futures.add(fetcher.get(server.uri("/" + i), Map.of()));
    }
    for (CompletableFuture<HttpResult> future : futures) {
      assertThat(future.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
    }

    assertThat(server.accepted()).isEqualTo(3);
    assertThat(server.requests()).extracting(ScriptedServer.Request::indexOnConnection)
        .containsOnly(0);
  }

  @Test
  void idleConnectionsBeyondTheCapAreClosed() throws Exception {
    fetcher.close();
    fetcher = fetcher(HttpFetcherConfig.defaults().withMaxIdlePerHost(1));
    ScriptedServer server = server((request, connection) -> {
      Thread.sleep(200);
      return ScriptedServer.ok(connection, "ok");
    });

    List<CompletableFuture<HttpResult>> futures = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      futures.add(fetcher.get(server.uri("/" + i), Map.of()));
    }
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);

    await().atMost(WAIT).until(() -> server.closedByClient() == 2);
    assertThat(fetcher.idleConnections(server.uri("/"))).isEqualTo(1);
    fetch(server.uri("/again"));
    assertThat(server.accepted()).isEqualTo(3);
  }

  @Test
  void anIdleConnectionIsClosedAfterTheKeepAliveTime() throws Exception {
    fetcher.close();
    fetcher = fetcher(HttpFetcherConfig.defaults().withKeepAlive(Duration.ofMillis(200)));
    ScriptedServer server = server((request, connection) -> ScriptedServer.ok(connection, "ok"));

    fetch(server.uri("/"));

    await().atMost(WAIT).until(() -> server.closedByClient() == 1);
    assertThat(fetcher.idleConnections(server.uri("/"))).isZero();
  }

  @Test
  void aRefusedConnectionFailsWithConnectRefused() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }

    FetchException failure = failure(fetcher.get(
        URI.create("http://127.0.0.1:" + port + "/hls/index.m3u8"), Map.of()));

    assertThat(failure.kind()).isEqualTo(Kind.CONNECT_REFUSED);
    assertThat(failure.uri().getPort()).isEqualTo(port);
  }

  @Test
  void aConnectionNobodyAcceptsFailsWithConnectTimeout() throws Exception {
    // A listener that never accepts, with its accept queue full: Linux drops further SYNs.
    ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    closeables.add(listener);
    boolean full = false;
    for (int i = 0; i < 16 && !full; i++) {
      Socket filler = new Socket();
      closeables.add(filler);
      try {
        filler.connect(new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort()),
            200);
      } catch (SocketTimeoutException e) {
        full = true;
      }
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(full, "this kernel never drops SYNs");

    long start = System.nanoTime();
    FetchException failure = failure(fetcher.get(
        URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/"), Map.of()));

    assertThat(failure.kind()).isEqualTo(Kind.CONNECT_TIMEOUT);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void aServerThatNeverAnswersTimesOutAndItsConnectionIsClosedNotPooled() throws Exception {
    fetcher.close();
    fetcher = fetcher(HttpFetcherConfig.defaults().withResponseTimeout(Duration.ofMillis(300)));
    ScriptedServer server = server((request, connection) -> {
      if (request.connection() == 0) {
        connection.awaitClientClose();
        return false;
      }
      return ScriptedServer.ok(connection, "fine");
    });

    long start = System.nanoTime();
    FetchException failure = failure(fetcher.get(server.uri("/hang"), Map.of()));

    assertThat(failure.kind()).isEqualTo(Kind.RESPONSE_TIMEOUT);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isBetween(Duration.ofMillis(250), Duration.ofSeconds(3));
    await().atMost(WAIT).until(() -> server.closedByClient() == 1);
    assertThat(fetcher.idleConnections(server.uri("/"))).isZero();
    assertThat(fetch(server.uri("/next")).status()).isEqualTo(200);
    assertThat(server.accepted()).isEqualTo(2);
  }

  @Test
  void theResponseTimeoutCoversTheWholeBodyNotJustTheFirstByte() throws Exception {
    fetcher.close();
    fetcher = fetcher(HttpFetcherConfig.defaults().withResponseTimeout(Duration.ofMillis(500)));
    ScriptedServer server = server((request, connection) -> {
      connection.write("HTTP/1.1 200 OK\r\nContent-Length: 40\r\n\r\n");
      for (int i = 0; i < 40; i++) {
        connection.write("x");
        Thread.sleep(50);
      }
      return true;
    });

    FetchException failure = failure(fetcher.get(server.uri("/trickle"), Map.of()));

    assertThat(failure.kind()).isEqualTo(Kind.RESPONSE_TIMEOUT);
  }

  @Test
  void aSlowServerWithinTheTimeoutSucceeds() throws Exception {
    ScriptedServer server = server((request, connection) -> {
      Thread.sleep(500);
      connection.write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nsl");
      Thread.sleep(300);
      connection.write("ow");
      return true;
    });

    HttpResult result = fetch(server.uri("/slow"));

    assertThat(new String(result.body(), StandardCharsets.US_ASCII)).isEqualTo("slow");
    assertThat(result.latency()).isGreaterThanOrEqualTo(Duration.ofMillis(750));
  }

  @Test
  void aBodyCutShortOfItsContentLengthIsTruncatedNeverAShortSuccess() throws Exception {
    ScriptedServer server = server((request, connection) -> {
      connection.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");
      connection.write(new byte[500]);
      return false;
    });

    FetchException failure = failure(fetcher.get(server.uri("/seg.ts"), Map.of()));

    assertThat(failure.kind()).isEqualTo(Kind.TRUNCATED);
    assertThat(failure).hasMessageContaining("500 of 1000");
  }

  @Test
  void aChunkedBodyCutShortIsTruncated() throws Exception {
    ScriptedServer server = server((request, connection) -> {
      connection.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "5\r\nhello\r\n10\r\nonly part");
      return false;
    });

    assertThat(failure(fetcher.get(server.uri("/seg.ts"), Map.of())).kind())
        .isEqualTo(Kind.TRUNCATED);
  }

  @Test
  void aContentLengthOverTheLimitIsTooLargeAndNothingIsBuffered() throws Exception {
    fetcher.close();
    fetcher = fetcher(HttpFetcherConfig.defaults().withMaxBodyBytes(1000));
    ScriptedServer server = server((request, connection) -> {
      connection.write("HTTP/1.1 200 OK\r\nContent-Length: 2000000000\r\n\r\n");
      connection.awaitClientClose();
      return false;
    });

    assertThat(failure(fetcher.get(server.uri("/huge.ts"), Map.of())).kind())
        .isEqualTo(Kind.BODY_TOO_LARGE);
    await().atMost(WAIT).until(() -> server.closedByClient() == 1);
  }

  @Test
  void aChunkedBodyGrowingOverTheLimitIsTooLarge() throws Exception {
    fetcher.close();
    fetcher = fetcher(HttpFetcherConfig.defaults().withMaxBodyBytes(1000));
    ScriptedServer server = server((request, connection) -> {
      connection.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
      for (int i = 0; i < 5; i++) {
        connection.write("190\r\n" + "y".repeat(400) + "\r\n");
      }
      connection.write("0\r\n\r\n");
      return true;
    });

    assertThat(failure(fetcher.get(server.uri("/endless"), Map.of())).kind())
        .isEqualTo(Kind.BODY_TOO_LARGE);
  }

  @Test
  void aChunkedBodyWithinTheLimitIsReassembled() throws Exception {
    ScriptedServer server = server((request, connection) -> {
      connection.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
      return true;
    });

    assertThat(new String(fetch(server.uri("/")).body(), StandardCharsets.US_ASCII))
        .isEqualTo("hello world");
    fetch(server.uri("/"));
    assertThat(server.accepted()).isEqualTo(1);
  }

  @Test
  void aServerErrorIsAResultNotAnException() throws Exception {
    ScriptedServer server = server((request, connection) -> {
      connection.write("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\n"
          + "Content-Length: 11\r\n\r\nunavailable");
      return true;
    });

    HttpResult result = fetch(server.uri("/hls/index.m3u8"));

    assertThat(result.status()).isEqualTo(503);
    assertThat(result.isSuccessful()).isFalse();
    assertThat(result.header("retry-after")).isEqualTo("1");
    assertThat(new String(result.body(), StandardCharsets.US_ASCII)).isEqualTo("unavailable");
  }

  @Test
  void headGivesTheHeadersWithoutABodyAndKeepsTheConnection() throws Exception {
    ScriptedServer server = server((request, connection) -> {
      if (request.method().equals("HEAD")) {
        connection.write("HTTP/1.1 200 OK\r\nContent-Length: 1316\r\n"
            + "Content-Type: video/mp2t\r\n\r\n");
        return true;
      }
      return ScriptedServer.ok(connection, "after head");
    });

    HttpResult head = fetcher.head(server.uri("/hls/seg-1.ts"), Map.of()).get(5,
        TimeUnit.SECONDS);
    HttpResult get = fetch(server.uri("/hls/other"));

    assertThat(head.status()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.header("content-length")).isEqualTo("1316");
    assertThat(new String(get.body(), StandardCharsets.US_ASCII)).isEqualTo("after head");
    assertThat(server.accepted()).isEqualTo(1);
  }

  @Test
  void anInformationalResponseBeforeTheAnswerIsSkipped() throws Exception {
    ScriptedServer server = server((request, connection) -> {
      connection.write("HTTP/1.1 100 Continue\r\n\r\n");
      return ScriptedServer.ok(connection, "final");
    });

    HttpResult result = fetch(server.uri("/"));

    assertThat(result.status()).isEqualTo(200);
    assertThat(new String(result.body(), StandardCharsets.US_ASCII)).isEqualTo("final");
  }

  @Test
  void bytesThatAreNotHttpAreMalformed() throws Exception {
    ScriptedServer server = server((request, connection) -> {
      connection.write("RTMP? \u0003\u0000\u0000 not http at all\r\n\r\n");
      return false;
    });

    assertThat(failure(fetcher.get(server.uri("/"), Map.of())).kind())
        .isEqualTo(Kind.MALFORMED);
  }

  @Test
  void aStatusLineOverTheLimitIsMalformed() throws Exception {
    ScriptedServer server = server((request, connection) -> {
      connection.write("HTTP/1.1 200 " + "O".repeat(20_000) + "\r\n\r\n");
      return false;
    });

    assertThat(failure(fetcher.get(server.uri("/"), Map.of())).kind())
        .isEqualTo(Kind.MALFORMED);
  }

  @Test
  void aConnectionClosedBeforeTheResponseIsReset() throws Exception {
    ScriptedServer server = server((request, connection) -> false);

    assertThat(failure(fetcher.get(server.uri("/"), Map.of())).kind()).isEqualTo(Kind.RESET);
  }

  @Test
  void anIdleConnectionTheServerClosedLeavesThePool() throws Exception {
    ScriptedServer server = server((request, connection) -> {
      ScriptedServer.ok(connection, "once");
      return false;
    });

    fetch(server.uri("/first"));
    await().atMost(WAIT).until(() -> fetcher.idleConnections(server.uri("/")) == 0);
    fetch(server.uri("/second"));

    assertThat(server.accepted()).isEqualTo(2);
  }

  @Test
  void aPooledConnectionClosedAsTheRequestArrivesIsRetriedOnANewConnection() throws Exception {
    ScriptedServer server = server((request, connection) -> {
      if (request.connection() == 0 && request.indexOnConnection() == 1) {
        return false;
      }
      return ScriptedServer.ok(connection, "conn " + request.connection());
    });

    fetch(server.uri("/first"));
    HttpResult second = fetch(server.uri("/second"));

    assertThat(new String(second.body(), StandardCharsets.US_ASCII)).isEqualTo("conn 1");
    assertThat(server.accepted()).isEqualTo(2);
  }

  @Test
  void aResponseWithConnectionCloseIsNotReused() throws Exception {
    ScriptedServer server = server((request, connection) -> {
      connection.write("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
      return true;
    });

    fetch(server.uri("/a"));
    fetch(server.uri("/b"));

    assertThat(server.accepted()).isEqualTo(2);
  }

  @Test
  void aBodyDelimitedByCloseIsReadWhole() throws Exception {
    ScriptedServer server = server((request, connection) -> {
      connection.write("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end");
      return false;
    });

    assertThat(new String(fetch(server.uri("/")).body(), StandardCharsets.US_ASCII))
        .isEqualTo("until the end");
  }

  @Test
  void cancellingARequestClosesItsConnection() throws Exception {
    ScriptedServer server = server((request, connection) -> {
      connection.awaitClientClose();
      return false;
    });

    CompletableFuture<HttpResult> future = fetcher.get(server.uri("/hang"), Map.of());
    await().atMost(WAIT).until(() -> server.requests().size() == 1);
    future.cancel(true);

    await().atMost(WAIT).until(() -> server.closedByClient() == 1);
  }

  @Test
  void onlyAbsoluteHttpUrlsAreAccepted() {
    assertThatThrownBy(() -> fetcher.get(URI.create("https://127.0.0.1/"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http://");
    assertThatThrownBy(() -> fetcher.get(URI.create("/hls/index.m3u8"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aClosedFetcherRefusesRequests() {
    fetcher.close();

    assertThatThrownBy(() -> fetcher.get(URI.create("http://127.0.0.1/"), Map.of()))
        .isInstanceOf(IllegalStateException.class);
  }

  private HttpFetcher fetcher(HttpFetcherConfig config) {
    return new HttpFetcher(config);
  }

  private ScriptedServer server(ScriptedServer.Script script) throws IOException {
    ScriptedServer server = new ScriptedServer(script);
    closeables.add(server);
    return server;
  }

  private HttpResult fetch(URI uri) throws Exception {
    return fetch(uri, Map.of());
  }

  private HttpResult fetch(URI uri, Map<String, String> headers) throws Exception {
    return fetcher.get(uri, headers).get(5, TimeUnit.SECONDS);
  }

  private static FetchException failure(CompletableFuture<HttpResult> future) {
    try {
      HttpResult result = future.get(10, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure, got " + result);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(FetchException.class);
      return (FetchException) e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
