package io.streaminglab.lab.publish;

import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import io.streaminglab.media.flv.FlvFileTag;
import io.streaminglab.rtmp.client.RtmpClient;
import io.streaminglab.rtmp.client.RtmpClientListener;
import io.streaminglab.rtmp.client.RtmpUrl;
import io.streaminglab.rtmp.message.ChunkStreams;
import io.streaminglab.rtmp.message.MessageType;
import io.streaminglab.rtmp.message.RtmpMessage;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a {@link LoopingClip} over RTMP in real time, as a live encoder would, and
 * reconnects with {@link Backoff} when the ingest goes away or refuses it.
 *
 * <p>Lifecycle:
 * <ol>
 *   <li>{@link #start()} connects and publishes;</li>
 *   <li>once the server says Publish.Start, the sequence headers go out at timestamp 0, then
 *       every frame when its time has come (checked every {@value #TICK_MILLIS} ms on the
 *       connection's event loop); each connection's timestamps start again at 0, as a restarted
 *       encoder's do;</li>
 *   <li>a lost or refused connection is retried after the backoff, for ever;</li>
 *   <li>{@link #close()} ends the connection and the retries.</li>
 * </ol>
 */
public final class ClipPublisher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClipPublisher.class);
  static final long TICK_MILLIS = 10;

  private final EventLoopGroup group;
  private final RtmpUrl url;
  private final LoopingClip clip;
  private final Backoff backoff = new Backoff();
  private volatile boolean closed;
  private volatile RtmpClient client;
  private volatile String state = "not started";
  private boolean outageLogged;

  /**
   * @param group the event loops to connect on; the caller's, and still the caller's to stop
   */
  public ClipPublisher(EventLoopGroup group, RtmpUrl url, LoopingClip clip) {
    this.group = group;
    this.url = url;
    this.clip = clip;
  }

  public ClipPublisher start() {
    connect();
    return this;
  }

  /** What it is doing, for people: publishing, or waiting to reconnect and why. */
  public String state() {
    return state;
  }

  public RtmpUrl url() {
    return url;
  }

  private void connect() {
    if (closed) {
      return;
    }
    state = "connecting to " + url;
    ChannelFuture connecting;
    try {
      connecting = RtmpClient.publish(group, url, new Session());
    } catch (RuntimeException e) {
      // The event loops refuse work once the caller is shutting them down.
      return;
    }
    connecting.addListener(done -> {
      if (!done.isSuccess()) {
        retry(String.valueOf(done.cause().getMessage()));
      }
    });
  }

  private synchronized void retry(String reason) {
    if (closed) {
      return;
    }
    Duration wait = backoff.next();
    state = "reconnecting in " + wait.toMillis() + " ms (" + reason + ")";
    if (!outageLogged) {
      outageLogged = true;
      log.warn("Publisher to {} lost: {}; reconnecting with backoff (first in {} ms)", url,
          reason, wait.toMillis());
    }
    try {
      group.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      // Shutting down.
    }
  }

  private synchronized void started(RtmpClient started) {
    client = started;
    backoff.reset();
    outageLogged = false;
    state = "publishing to " + url;
    log.info("Publishing {} to {} ({} ms loop, keyframe first)", clip.name(), url,
        clip.periodMillis());
    if (closed) {
      started.close();
    }
  }

  @Override
  public void close() {
    closed = true;
    state = "stopped";
    RtmpClient current = client;
    if (current != null) {
      current.close();
    }
  }

  /** One connection: sends the clip in real time from Publish.Start until it closes. */
  private final class Session implements RtmpClientListener {
    private ScheduledFuture<?> ticker;
    private long startNanos;
    private long next;

    @Override
    public void onStarted(RtmpClient started) {
      started(started);
      for (FlvFileTag header : clip.headers()) {
        started.send(message(header));
      }
      startNanos = System.nanoTime();
      ticker = started.eventLoop().scheduleAtFixedRate(() -> tick(started), 0, TICK_MILLIS,
          TimeUnit.MILLISECONDS);
    }

    private void tick(RtmpClient current) {
      long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
      // A connection that cannot take more (a stalled ingest) falls behind rather than
      // queueing without bound; it catches up in a burst when the ingest reads again.
      while (current.isWritable() && clip.frame(next).timestamp() <= elapsed) {
        current.send(message(clip.frame(next)));
        next++;
      }
    }

    @Override
    public void onClosed(String reason) {
      if (ticker != null) {
        ticker.cancel(false);
      }
      client = null;
      if (reason != null) {
        retry(reason);
      }
    }
  }

  private static RtmpMessage message(FlvFileTag tag) {
    boolean video = tag.type() == FlvFileTag.VIDEO;
    return new RtmpMessage(video ? ChunkStreams.VIDEO : ChunkStreams.AUDIO,
        video ? MessageType.VIDEO : MessageType.AUDIO, tag.timestamp() & 0xFFFFFFFFL, 0,
        tag.body());
  }
}
