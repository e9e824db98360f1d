package io.streaminglab.switcher;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A test origin that serves a packager's directory under /hls/ and can be told to fail the way
 * real origins fail: stop (its port closes), answer 5xx, hang (accept and never answer), answer
 * slowly, serve truncated segments, or serve a playlist that no longer grows.
 */
final class FaultyOrigin implements AutoCloseable {
  /** How the origin behaves. */
  enum Mode {
    NORMAL,
    ERROR_5XX,
    HANG,
    SLOW,
    TRUNCATED_SEGMENTS,
    STALE
  }

  private final Path directory;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread thread = new Thread(r, "faulty-origin");
    thread.setDaemon(true);
    return thread;
  });
  private volatile CountDownLatch release = new CountDownLatch(1);
  private volatile Mode mode = Mode.NORMAL;
  private volatile byte[] frozenPlaylist;
  private HttpServer server;
  private int port;

  FaultyOrigin(Path directory) {
    this.directory = directory;
  }

  /** Opens the port (the same one again after {@link #stop()}); does nothing when open. */
  synchronized FaultyOrigin start() throws IOException {
    if (server != null) {
      return this;
    }
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    server.createContext("/hls/", this::handle);
    server.setExecutor(executor);
    server.start();
    port = server.getAddress().getPort();
    return this;
  }

  /** Closes the port, like a stopped origin process: connections are refused. */
  synchronized void stop() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  int port() {
    return port;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port + "/hls";
  }

  void mode(Mode value) throws IOException {
    if (value == Mode.STALE) {
      frozenPlaylist = Files.readAllBytes(directory.resolve("index.m3u8"));
    }
    if (mode == Mode.HANG && value != Mode.HANG) {
      release.countDown();
      release = new CountDownLatch(1);
    }
    mode = value;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Mode now = mode;
      String name = exchange.getRequestURI().getPath().substring("/hls/".length());
      if (name.contains("/") || name.contains("..")) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      switch (now) {
        case ERROR_5XX:
          exchange.sendResponseHeaders(503, -1);
          return;
        case HANG:
          try {
            release.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return;
        case SLOW:
          try {
            Thread.sleep(300);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          break;
        default:
          break;
      }
      byte[] body;
      try {
        body = now == Mode.STALE && name.equals("index.m3u8") ? frozenPlaylist
            : Files.readAllBytes(directory.resolve(name));
      } catch (NoSuchFileException e) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      if (now == Mode.TRUNCATED_SEGMENTS && name.endsWith(".ts")) {
        body = java.util.Arrays.copyOf(body, body.length / 2 + 7);
      }
      exchange.getResponseHeaders().set("Content-Type", name.endsWith(".m3u8")
          ? "application/vnd.apple.mpegurl" : "video/mp2t");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    release.countDown();
    stop();
    executor.shutdownNow();
  }
}
