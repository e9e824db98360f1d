package io.streaminglab.lab.publish;

import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import io.streaminglab.ingest.hub.PublisherClock;
import io.streaminglab.media.flv.FlvFileTag;
import io.streaminglab.rtmp.client.RtmpClient;
import io.streaminglab.rtmp.client.RtmpClientListener;
import io.streaminglab.rtmp.client.RtmpUrl;
import io.streaminglab.rtmp.message.ChunkStreams;
import io.streaminglab.rtmp.message.DataMessage;
import io.streaminglab.rtmp.message.MessageType;
import io.streaminglab.rtmp.message.RtmpMessage;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a {@link LiveTimeline} over RTMP in real time, as a live encoder's output to one
 * ingest, and reconnects with {@link Backoff} when the ingest goes away or refuses it. Two
 * publishers on one timeline are an encoder pushing to two ingests.
 *
 * <p>Lifecycle:
 * <ol>
 *   <li>{@link #start()} connects and publishes;</li>
 *   <li>once the server says Publish.Start, an onMetaData with the publisher's clock ({@link
 *       PublisherClock#PROPERTY}) and the sequence headers go out at timestamp 0, then the
 *       timeline from its latest keyframe (a burst of at most one GOP), then every frame when
 *       its time has come (checked every {@value #TICK_MILLIS} ms on the connection's event
 *       loop); each connection's timestamps start again at 0, as a restarted encoder's do;</li>
 *   <li>a lost or refused connection is retried after the backoff, for ever;</li>
 *   <li>{@link #close()} ends the connection and the retries.</li>
 * </ol>
 */
public final class ClipPublisher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClipPublisher.class);
  static final long TICK_MILLIS = 10;

  private final EventLoopGroup group;
  private final RtmpUrl url;
  private final LiveTimeline timeline;
  private final Backoff backoff = new Backoff();
  private volatile boolean closed;
  private volatile RtmpClient client;
  private volatile String state = "not started";
  private boolean outageLogged;

  /**
   * @param group the event loops to connect on; the caller's, and still the caller's to stop
   */
  public ClipPublisher(EventLoopGroup group, RtmpUrl url, LiveTimeline timeline) {
    this.group = group;
    this.url = url;
    this.timeline = timeline;
  }

  /** A publisher with a timeline of its own that starts now. */
  public ClipPublisher(EventLoopGroup group, RtmpUrl url, LoopingClip clip) {
    this(group, url, new LiveTimeline(clip));
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
    log.info("Publishing {} to {} ({} ms loop, from its latest keyframe)",
        timeline.clip().name(), url, timeline.clip().periodMillis());
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
    private long next;
    private long base;

    @Override
    public void onStarted(RtmpClient started) {
      started(started);
      next = timeline.joinIndex(timeline.elapsedMillis());
      base = timeline.frame(next).timestamp();
      started.send(metadata(timeline.wallClockAt(base)));
      for (FlvFileTag header : timeline.clip().headers()) {
        started.send(message(header, 0));
      }
      ticker = started.eventLoop().scheduleAtFixedRate(() -> tick(started), 0, TICK_MILLIS,
          TimeUnit.MILLISECONDS);
    }

    private void tick(RtmpClient current) {
      long elapsed = timeline.elapsedMillis();
      // A connection that cannot take more (a stalled ingest) falls behind rather than
      // queueing without bound; it catches up in a burst when the ingest reads again.
      while (current.isWritable() && timeline.frame(next).timestamp() <= elapsed) {
        current.send(message(timeline.frame(next), base));
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

  /** A frame of the timeline in a connection whose timestamp 0 is the timeline's {@code base}. */
  private static RtmpMessage message(FlvFileTag tag, long base) {
    boolean video = tag.type() == FlvFileTag.VIDEO;
    return new RtmpMessage(video ? ChunkStreams.VIDEO : ChunkStreams.AUDIO,
        video ? MessageType.VIDEO : MessageType.AUDIO, (tag.timestamp() - base) & 0xFFFFFFFFL, 0,
        tag.body());
  }

  /** The metadata an encoder sends first, with the wall-clock time of this connection's 0. */
  static RtmpMessage metadata(long wallClockAtZero) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("encoder", "streaming-lab");
    properties.put(PublisherClock.PROPERTY, (double) wallClockAtZero);
    return new DataMessage(DataMessage.SET_DATA_FRAME, List.of("onMetaData", properties))
        .toMessage(0, 0);
  }
}
