package io.streaminglab.httpclient;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A blocking HTTP/1.1 test server on an ephemeral loopback port: one thread per connection reads
 * request heads and lets a {@link Script} answer each with whatever bytes the test wants,
 * including wrong ones. It counts the connections it accepted and those the client closed.
 */
final class ScriptedServer implements AutoCloseable {
  /** A request head as received. */
  record Request(String method, String target, Map<String, String> headers, int connection,
      int indexOnConnection) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** Answers one request; returns false to close the connection afterwards. */
  interface Script {
    boolean answer(Request request, Connection connection) throws Exception;
  }

  /** The server side of one connection, as a script sees it. */
  final class Connection {
    final InputStream in;
    final OutputStream out;
    final Socket socket;

    Connection(Socket socket) throws IOException {
      this.socket = socket;
      this.in = new BufferedInputStream(socket.getInputStream());
      this.out = socket.getOutputStream();
    }

    void write(String text) throws IOException {
      out.write(text.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }

    void write(byte[] bytes) throws IOException {
      out.write(bytes);
      out.flush();
    }

    /** Blocks until the client closes the connection (a server that never answers). */
    void awaitClientClose() throws IOException {
      while (in.read() != -1) {
        // discard anything else the client sends
      }
      closedByClient.incrementAndGet();
    }
  }

  private final ServerSocket serverSocket;
  private final Script script;
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicInteger closedByClient = new AtomicInteger();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  ScriptedServer(Script script) throws IOException {
    this.script = script;
    this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "scripted-server-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A plain answer: 200 with {@code body} and its Content-Length, kept alive. */
  static boolean ok(Connection connection, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    connection.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
        + bytes.length + "\r\n\r\n");
    connection.write(bytes);
    return true;
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + serverSocket.getLocalPort() + path);
  }

  int accepted() {
    return accepted.get();
  }

  int closedByClient() {
    return closedByClient.get();
  }

  List<Request> requests() {
    return requests;
  }

  private void acceptLoop() {
    while (!serverSocket.isClosed()) {
      try {
        Socket socket = serverSocket.accept();
        int index = accepted.getAndIncrement();
        sockets.add(socket);
        Thread thread = new Thread(() -> serve(socket, index), "scripted-server-" + index);
        thread.setDaemon(true);
        thread.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket, int index) {
    try (socket) {
      Connection connection = new Connection(socket);
      for (int n = 0; ; n++) {
        Request request = readHead(connection.in, index, n);
        if (request == null) {
          closedByClient.incrementAndGet();
          return;
        }
        requests.add(request);
        if (!script.answer(request, connection)) {
          return;
        }
      }
    } catch (Exception e) {
      // the client went away or the test is over
    }
  }

  private static Request readHead(InputStream in, int connection, int index) throws IOException {
    String requestLine = readLine(in);
    if (requestLine == null) {
      return null;
    }
    String[] parts = requestLine.split(" ");
    Map<String, String> headers = new TreeMap<>();
    for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
      int colon = line.indexOf(':');
      headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).strip());
    }
    return new Request(parts[0], parts[1], headers, connection, index);
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b == -1) {
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    serverSocket.close();
    for (Socket socket : sockets) {
      socket.close();
    }
  }
}
