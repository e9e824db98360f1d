package io.streaminglab.packager;

import io.streaminglab.hls.MediaPlaylist;
import io.streaminglab.hls.MultivariantPlaylist;
import io.streaminglab.hls.MultivariantWriter;
import io.streaminglab.hls.PlaylistWriter;
import io.streaminglab.ingest.hub.ClockAnchor;
import io.streaminglab.ingest.hub.MediaFrame;
import io.streaminglab.ingest.hub.StreamReader;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HLS packager: reads a live stream (as a {@link StreamReader} of the ingest's hub, or fed
 * by an RTMP client), cuts it with a {@link Segmenter}, and keeps its directory's segments,
 * {@code index.m3u8} and {@code live.m3u8} up to date. {@code live.m3u8} is a multivariant
 * playlist with {@code index.m3u8} as its one variant, described from the segments listed
 * ({@link LiveVariant}), and rewritten only when its bytes change.
 *
 * <p>Lifecycle: {@link #start()} recovers the directory and starts the packager's own thread,
 * or {@link #start(ScheduledExecutorService)} runs it on a single thread it shares, typically
 * the event loop that delivers its frames; stream callbacks queue work (in-process they run on
 * the publisher's thread and must not block), except that a callback made on the shared thread
 * itself, with nothing queued before it, is done at once; that thread segments, writes the
 * segment, then the playlist, and deletes segments whose availability ended; {@link #close()}
 * stops it, leaving the last playlist in place (an origin in front keeps serving it, stale).
 *
 * <p>When more than {@code queueLimit} frames wait, frames are dropped until the queue has
 * drained to half, and the segmenter resynchronises at the next cut point.
 */
public final class Packager implements StreamReader, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Packager.class);

  private final PackagerConfig config;
  private final PackagerMetrics metrics;
  private final Clock clock;
  private final Segmenter segmenter;
  private final PlaylistWindow window;
  private final SegmentDirectory directory;
  private final SegmentProfiler profiler = new SegmentProfiler();
  /** The profiles of the segments the window lists, by sequence number. */
  private final TreeMap<Long, SegmentProfile> profiles = new TreeMap<>();
  /** The text of live.m3u8 as last written, or null. */
  private String livePlaylist;
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicBoolean overflowing = new AtomicBoolean();
  private final AtomicLong dropped = new AtomicLong();
  private ScheduledExecutorService thread;
  private boolean ownsThread;
  /** The shared thread, once it has run this packager's first task; null for an own thread. */
  private volatile Thread sharedThread;
  private ScheduledFuture<?> expiry;
  private volatile boolean closed;

  public Packager(PackagerConfig config, PackagerMetrics metrics, Clock clock)
      throws IOException {
    this.config = config;
    this.metrics = metrics;
    this.clock = clock;
    this.segmenter = new Segmenter(config.target(), config.format());
    this.window = new PlaylistWindow(config.windowSize(), config.target());
    this.directory = new SegmentDirectory(config.directory());
  }

  public String name() {
    return config.name();
  }

  public PackagerConfig config() {
    return config;
  }

  /** Recovers the directory and starts the packager on a thread of its own. */
  public Packager start() throws IOException {
    ScheduledThreadPoolExecutor own = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread t = new Thread(runnable, "packager-" + config.name());
      t.setDaemon(true);
      return t;
    });
    try {
      return start(own, true);
    } catch (IOException | RuntimeException e) {
      own.shutdownNow();
      throw e;
    }
  }

  /**
   * Recovers the directory and runs the packager on {@code sharedThread}, a single-threaded
   * executor that the caller owns and shuts down. Given the event loop that delivers the frames,
   * a frame is packaged where it is read, with no task queued and no thread woken, and a slow
   * disk holds up the reading instead of queueing frames: the ingest then skips this player to a
   * keyframe, as for any slow player.
   */
  public Packager start(ScheduledExecutorService sharedThread) throws IOException {
    return start(Objects.requireNonNull(sharedThread, "sharedThread == null"), false);
  }

  private synchronized Packager start(ScheduledExecutorService executor, boolean owned)
      throws IOException {
    if (thread != null) {
      throw new IllegalStateException("packager " + config.name() + " already started");
    }
    Instant now = clock.instant();
    for (String leftover : directory.recover()) {
      window.adoptLeftover(leftover, now);
    }
    livePlaylist = directory.readMultivariantPlaylist();
    long period = config.target().toMillis();
    expiry = executor.scheduleAtFixedRate(this::deleteExpired, period, period,
        TimeUnit.MILLISECONDS);
    thread = executor;
    ownsThread = owned;
    if (!owned) {
      executor.execute(() -> sharedThread = Thread.currentThread());
    }
    log.info("Packager {} writing {} every {} ms into {}", config.name(),
        SegmentDirectory.PLAYLIST, period, config.directory());
    return this;
  }

  @Override
  public void onSessionStart(ClockAnchor anchor) {
    submit(() -> {
      List<Segment> finished = segmenter.onSessionStart(anchor);
      List<SegmentProfile> described = profiler.describe(finished);
      profiler.onSessionStart(anchor);
      list(finished, described, System.nanoTime());
    }, true);
  }

  @Override
  public void onFrame(MediaFrame frame) {
    long arrival = System.nanoTime();
    submit(() -> {
      List<Segment> finished = segmenter.onFrame(frame);
      // The frame that finishes a segment is the first of the next one.
      List<SegmentProfile> described = profiler.describe(finished);
      profiler.onFrame(frame);
      list(finished, described, arrival);
    }, false);
  }

  @Override
  public void onSessionEnd() {
    submit(() -> {
      List<Segment> finished = segmenter.onSessionEnd();
      List<SegmentProfile> described = profiler.describe(finished);
      profiler.onSessionEnd();
      list(finished, described, System.nanoTime());
    }, true);
  }

  private void submit(Runnable work, boolean essential) {
    ScheduledExecutorService executor = thread;
    if (closed || executor == null) {
      return;
    }
    if (!essential) {
      int waiting = queued.get();
      if (overflowing.get()) {
        if (waiting > config.queueLimit() / 2) {
          dropped.incrementAndGet();
          return;
        }
        overflowing.set(false);
        long lost = dropped.getAndSet(0);
        metrics.framesDropped(config.name(), lost);
        log.warn("Packager {} fell behind and dropped {} frames; it resumes at the next "
            + "segment boundary after a discontinuity", config.name(), lost);
        queued.incrementAndGet();
        executor.execute(() -> {
          queued.decrementAndGet();
          segmenter.resynchronize();
        });
      } else if (waiting >= config.queueLimit()) {
        overflowing.set(true);
        dropped.incrementAndGet();
        return;
      }
    }
    if (Thread.currentThread() == sharedThread && queued.get() == 0) {
      // Called on the packager's own shared thread (the event loop reading the RTMP play) with
      // nothing waiting before it: a trip through the task queue would only add work.
      run(work);
      return;
    }
    queued.incrementAndGet();
    executor.execute(() -> {
      queued.decrementAndGet();
      run(work);
    });
  }

  private void run(Runnable work) {
    if (closed) {
      return;
    }
    try {
      work.run();
    } catch (RuntimeException e) {
      log.error("Packager {} failed on a frame; resynchronising", config.name(), e);
      segmenter.resynchronize();
    }
  }

  /**
   * On the packager's thread: writes each finished segment, then the playlist naming it, then
   * live.m3u8 if the window changed what it says.
   */
  private void list(List<Segment> segments, List<SegmentProfile> described,
      long arrivalNanos) {
    for (int i = 0; i < segments.size(); i++) {
      Segment segment = segments.get(i);
      Instant now = clock.instant();
      try {
        directory.writeSegment(segment);
        if (window.add(segment, now)) {
          log.warn("Packager {}: segment {} lasts {} ms, longer than the target; "
              + "EXT-X-TARGETDURATION rises to {} (set the encoder's keyframe interval to {} s)",
              config.name(), segment.sequence(), segment.durationMillis(),
              window.targetSeconds(), config.target().toSeconds());
        }
        MediaPlaylist playlist = window.playlist();
        profiles.put(segment.sequence(), described.get(i));
        profiles.headMap(playlist.mediaSequence()).clear();
        profiles.tailMap(playlist.lastSequence(), false).clear();
        directory.writePlaylist(PlaylistWriter.write(playlist));
        writeLivePlaylist();
      } catch (IOException e) {
        metrics.writeFailed(config.name());
        log.error("Packager {} cannot write to {}: {}", config.name(), config.directory(),
            e.getMessage());
        continue;
      }
      metrics.segmentListed(config.name(), segment, (System.nanoTime() - arrivalNanos) / 1e9,
          now.toEpochMilli() / 1000.0);
      log.debug("Packager {} listed {} ({} ms, {} bytes{})", config.name(), segment.fileName(),
          segment.durationMillis(), segment.bytes().length,
          segment.discontinuity() ? ", after a discontinuity" : "");
    }
    if (!segments.isEmpty()) {
      deleteExpired();
    }
  }

  private void writeLivePlaylist() throws IOException {
    MultivariantPlaylist live = LiveVariant.playlist(profiles.values());
    String text = live == null ? null : MultivariantWriter.write(live);
    if (text == null || text.equals(livePlaylist)) {
      return;
    }
    directory.writeMultivariantPlaylist(text);
    livePlaylist = text;
    log.debug("Packager {} rewrote {}: {}", config.name(),
        SegmentDirectory.MULTIVARIANT_PLAYLIST, live.variants().get(0));
  }

  private void deleteExpired() {
    for (String name : window.expired(clock.instant())) {
      try {
        directory.delete(name);
      } catch (IOException e) {
        log.warn("Packager {} cannot delete {}: {}", config.name(), name, e.getMessage());
      }
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (thread != null) {
      expiry.cancel(false);
      if (ownsThread) {
        thread.shutdownNow();
        try {
          thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      thread = null;
      log.info("Packager {} stopped", config.name());
    }
  }
}
