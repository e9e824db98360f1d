package io.streaminglab.httpclient.internal;

import io.netty.channel.Channel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Idle keep-alive connections per host and port. A connection is either here (idle) or owned by
 * exactly one exchange, so no connection ever carries two requests at once.
 *
 * <p>At most {@code maxIdlePerHost} connections are kept per address, most recently used first;
 * one idle longer than {@code keepAlive}, or closed by the server, leaves the pool and is closed.
 */
public final class ConnectionPool {
  private final int maxIdlePerHost;
  private final long keepAliveNanos;
  private final Map<String, Deque<Idle>> idle = new HashMap<>();
  private boolean closed;

  /**
   * One stay in the pool, compared by identity: a new one per release, so that the expiry task
   * of an earlier stay finds nothing to close.
   */
  private static final class Idle {
    private final Channel channel;

    Idle(Channel channel) {
      this.channel = channel;
    }

    Channel channel() {
      return channel;
    }
  }

  public ConnectionPool(int maxIdlePerHost, Duration keepAlive) {
    this.maxIdlePerHost = maxIdlePerHost;
    this.keepAliveNanos = keepAlive.toNanos();
  }

  /** An idle, still open connection to {@code address}, now owned by the caller, or null. */
  public synchronized Channel acquire(String address) {
    Deque<Idle> connections = idle.get(address);
    while (connections != null && !connections.isEmpty()) {
      Channel channel = connections.pollFirst().channel();
      if (channel.isActive()) {
        return channel;
      }
      channel.close();
    }
    return null;
  }

  /**
   * Takes back a connection whose exchange finished cleanly; closes it instead when the pool is
   * full, closed, or the connection is no longer open.
   */
  public void release(String address, Channel channel) {
    Idle entry = new Idle(channel);
    boolean kept;
    synchronized (this) {
      Deque<Idle> connections = idle.computeIfAbsent(address, key -> new ArrayDeque<>());
      kept = !closed && channel.isActive() && connections.size() < maxIdlePerHost;
      if (kept) {
        connections.addFirst(entry);
      }
    }
    if (!kept) {
      channel.close();
      return;
    }
    channel.eventLoop().schedule(() -> {
      if (remove(address, entry)) {
        channel.close();
      }
    }, keepAliveNanos, TimeUnit.NANOSECONDS);
  }

  /** Forgets {@code channel} (the server closed it while idle). */
  public synchronized void forget(String address, Channel channel) {
    Deque<Idle> connections = idle.get(address);
    if (connections != null) {
      connections.removeIf(entry -> entry.channel() == channel);
    }
  }

  /** How many idle connections to {@code address} the pool holds. */
  public synchronized int idleCount(String address) {
    Deque<Idle> connections = idle.get(address);
    return connections == null ? 0 : connections.size();
  }

  /** Closes every idle connection and refuses new ones. */
  public void close() {
    List<Channel> toClose = new ArrayList<>();
    synchronized (this) {
      closed = true;
      for (Deque<Idle> connections : idle.values()) {
        for (Iterator<Idle> it = connections.iterator(); it.hasNext(); ) {
          toClose.add(it.next().channel());
          it.remove();
        }
      }
    }
    toClose.forEach(Channel::close);
  }

  private synchronized boolean remove(String address, Idle entry) {
    Deque<Idle> connections = idle.get(address);
    return connections != null && connections.remove(entry);
  }
}
