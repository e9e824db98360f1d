package io.streaminglab.packager;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.streaminglab.ingest.hub.ClockAnchor;
import io.streaminglab.ingest.hub.MediaFrame;
import io.streaminglab.ingest.hub.MediaFrames;
import io.streaminglab.ingest.hub.StreamReader;
import io.streaminglab.ingest.hub.TimestampUnwrapper;
import io.streaminglab.media.amf0.Amf0Exception;
import io.streaminglab.media.amf0.Amf0Reader;
import io.streaminglab.media.flv.FlvException;
import io.streaminglab.rtmp.client.RtmpClient;
import io.streaminglab.rtmp.client.RtmpClientListener;
import io.streaminglab.rtmp.client.RtmpUrl;
import io.streaminglab.rtmp.message.MessageType;
import io.streaminglab.rtmp.message.RtmpMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds a {@link StreamReader} (a packager in another process than the ingest) from an RTMP
 * play of the ingest, reconnecting with backoff whenever the connection drops.
 *
 * <p>The ingest's clock anchor arrives first as an {@code onMetaData} message and starts a
 * session; without one (a server other than ours) the first frame anchors a local session, and
 * segments are still valid, only not aligned with another packager's. The ingest's
 * UnpublishNotify, and a lost connection, end the session.
 *
 * <p>Once playing, the connection reads when a {@link ReadPacer} says so: every {@code
 * readInterval} between keyframes, at once around each keyframe that is due, so that a segment
 * is listed as soon as the keyframe after it arrives. An interval of zero reads every message
 * as it arrives.
 */
public final class RtmpSource implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RtmpSource.class);
  private static final Duration MIN_BACKOFF = Duration.ofMillis(250);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  private final RtmpUrl url;
  private final StreamReader reader;
  private final Clock clock;
  private final Duration readInterval;
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
      NioIoHandler.newFactory());
  private volatile boolean closed;
  private volatile RtmpClient client;
  private Duration backoff = MIN_BACKOFF;
  private long localSessions;

  /**
   * A source that plays {@code url} into {@code reader}, reading every {@code readInterval}
   * between keyframes (zero: at every message).
   */
  public RtmpSource(RtmpUrl url, StreamReader reader, Clock clock, Duration readInterval) {
    this.url = url;
    this.reader = reader;
    this.clock = clock;
    if (readInterval.isNegative()) {
      throw new IllegalArgumentException("readInterval < 0: " + readInterval);
    }
    this.readInterval = readInterval;
  }

  /**
   * The single thread that runs the connection and calls the reader; a packager started on it
   * takes each frame without a hand-over to another thread.
   */
  public ScheduledExecutorService thread() {
    return group.next();
  }

  public RtmpSource start() {
    connect();
    return this;
  }

  private void connect() {
    if (closed) {
      return;
    }
    Connection connection = new Connection();
    RtmpClient.play(group, url, connection).addListener(future -> {
      if (!future.isSuccess()) {
        retry("cannot reach " + url.host() + ":" + url.port() + " ("
            + future.cause().getMessage() + ")");
      }
    });
  }

  private void retry(String reason) {
    if (closed) {
      return;
    }
    log.warn("RTMP source {}: {}; retrying in {} ms", url, reason, backoff.toMillis());
    long delay = backoff.toMillis();
    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF
        : backoff.multipliedBy(2);
    group.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    closed = true;
    RtmpClient current = client;
    if (current != null) {
      current.close();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** One connection's session state; callbacks run on the source's event loop. */
  private final class Connection implements RtmpClientListener {
    private final ReadPacer pacer = new ReadPacer(readInterval);
    private TimestampUnwrapper unwrapper = new TimestampUnwrapper();
    private boolean inSession;
    /** This connection once it plays with paced reads; null before, or when reads are not paced. */
    private RtmpClient paced;
    /** The next paced read, so that there is never more than one waiting. */
    private ScheduledFuture<?> nextRead;

    @Override
    public void onStarted(RtmpClient started) {
      client = started;
      backoff = MIN_BACKOFF;
      if (!readInterval.isZero()) {
        started.readOnDemand();
        paced = started;
      }
      log.info("RTMP source {} is playing", url);
    }

    @Override
    public void onReadComplete() {
      if (paced == null) {
        return;
      }
      // Monotonic: the pacer only compares arrivals, and a wall clock may step.
      long delay = pacer.afterRead(System.nanoTime() / 1_000_000);
      if (delay == 0) {
        paced.read();
      } else if (nextRead == null || nextRead.isDone()
          || nextRead.getDelay(TimeUnit.MILLISECONDS) > delay) {
        if (nextRead != null) {
          nextRead.cancel(false);
        }
        nextRead = group.schedule(paced::read, delay, TimeUnit.MILLISECONDS);
      }
    }

    @Override
    public void onStatus(String level, String code, String description) {
      if ("NetStream.Play.UnpublishNotify".equals(code)) {
        endSession();
      }
    }

    @Override
    public void onMessage(RtmpMessage message) {
      try {
        if (message.typeId() == MessageType.DATA_AMF0) {
          onData(message);
          return;
        }
        if (message.payload().length == 0) {
          return;
        }
        long timestamp = unwrapper.unwrap(message.timestamp());
        if (!inSession) {
          // No anchor from the server: this process's clock anchors a session of its own.
          startSession(new ClockAnchor(-(++localSessions), clock.millis(), timestamp));
        }
        MediaFrame frame = message.typeId() == MessageType.VIDEO
            ? MediaFrames.video(timestamp, message.timestamp(), message.payload())
            : MediaFrames.audio(timestamp, message.timestamp(), message.payload());
        pacer.onFrame(timestamp, frame.keyframe() && !frame.sequenceHeader());
        reader.onFrame(frame);
      } catch (FlvException | Amf0Exception e) {
        log.warn("RTMP source {}: skipped a malformed message: {}", url, e.getMessage());
      }
    }

    private void onData(RtmpMessage message) {
      List<Object> values = new Amf0Reader(message.payload()).readAll();
      if (values.size() < 2 || !"onMetaData".equals(values.get(0))) {
        return;
      }
      ClockAnchor anchor = ClockAnchor.fromAmf0(values.get(1));
      if (anchor != null) {
        endSession();
        startSession(anchor);
      } else if (inSession) {
        reader.onFrame(new MediaFrame(MediaFrame.Kind.DATA, 0, message.timestamp(), 0, false,
            false, message.payload()));
      }
    }

    private void startSession(ClockAnchor anchor) {
      inSession = true;
      pacer.reset();
      if (anchor.session() >= 0) {
        unwrapper = new TimestampUnwrapper();
      }
      reader.onSessionStart(anchor);
    }

    private void endSession() {
      if (inSession) {
        inSession = false;
        reader.onSessionEnd();
      }
    }

    @Override
    public void onClosed(String reason) {
      endSession();
      client = null;
      if (reason != null) {
        retry(reason);
      }
    }
  }
}
