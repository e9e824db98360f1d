package io.streaminglab.lab;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * A {@link LabComponent} that is one server listening on one port ({@code ingest}, the
 * origins). A subclass says only how to start its server on a port; this class keeps the
 * server while it runs, closes it on a stop, and remembers the port.
 *
 * <p>Lifecycle, on top of {@link LabComponent}'s:
 *
 * <ol>
 *   <li>{@link #port()} is the configured port until the first start, which may be 0 (any free
 *       one);
 *   <li>each start runs {@link #startServer} on {@link #port()} and from then {@link #port()} is
 *       the port bound, so a restart binds the port the first start got, also an ephemeral one,
 *       and clients of the lab find it where it was;
 *   <li>a stop closes the server: its port closes and connections are refused.
 * </ol>
 *
 * @param <S> the server, started by {@link #startServer}
 */
abstract class ServerComponent<S> extends LabComponent {
  private final ToIntFunction<S> portOf;
  private final Consumer<S> closer;
  private int port;
  private S server;

  /**
   * @param port the port of the first start; 0 for any free one
   * @param portOf the port a started server bound
   * @param closer closes a started server
   */
  ServerComponent(String name, int port, ToIntFunction<S> portOf, Consumer<S> closer) {
    super(name);
    this.port = port;
    this.portOf = Objects.requireNonNull(portOf, "portOf == null");
    this.closer = Objects.requireNonNull(closer, "closer == null");
  }

  /**
   * Starts the server on {@code port}.
   *
   * @throws LabException with one sentence when it cannot (its port taken)
   */
  abstract S startServer(int port) throws InterruptedException;

  @Override
  final void doStart() throws InterruptedException {
    server = startServer(port);
    port = portOf.applyAsInt(server);
  }

  @Override
  final void doStop() {
    closer.accept(server);
    server = null;
  }

  /** The configured port until the first start, then the one it bound. */
  final synchronized int port() {
    return port;
  }
}
