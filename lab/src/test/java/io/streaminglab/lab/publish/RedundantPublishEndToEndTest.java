package io.streaminglab.lab.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.streaminglab.ingest.IngestConfig;
import io.streaminglab.ingest.IngestMetrics;
import io.streaminglab.ingest.RtmpIngestServer;
import io.streaminglab.ingest.hub.ClockAnchor;
import io.streaminglab.ingest.hub.MediaFrame;
import io.streaminglab.ingest.hub.StreamHub;
import io.streaminglab.ingest.hub.StreamReader;
import io.streaminglab.packager.Segment;
import io.streaminglab.packager.Segmenter;
import io.streaminglab.rtmp.client.RtmpUrl;
import io.streaminglab.testkit.DelayingRelay;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One encode pushed to two ingests over paths of different length, as {@code publish --url A
 * --url B} does: both ingests must anchor the stream alike, so that a segmenter behind each cuts
 * the same segments, byte for byte, through a lost connection and a late join.
 */
class RedundantPublishEndToEndTest {
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
      NioIoHandler.newFactory());
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final LiveTimeline timeline = new LiveTimeline(LoopingClip.builtIn());

  @AfterEach
  void stop() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
  }

  @Test
  void twoIngestsBehindPathsOf0And40MsWithJitterCutTheSameSegments() throws Exception {
    Chain near = chain(Duration.ZERO, Duration.ZERO);
    Chain far = chain(Duration.ofMillis(40), Duration.ofMillis(25));

    await().atMost(Duration.ofSeconds(60)).until(() -> common(near, far).size() >= 3);

    assertIdentical(near, far);
    assertThat(near.anchors).hasSize(1);
    assertThat(far.anchors).hasSize(1);
  }

  @Test
  void anIngestThatLosesItsPublisherConnectionCutsTheSameSegmentsAgainAfterIt()
      throws Exception {
    Chain steady = chain(Duration.ZERO, Duration.ZERO);
    Chain cut = chain(Duration.ofMillis(40), Duration.ofMillis(10));
    await().atMost(Duration.ofSeconds(60)).until(() -> common(steady, cut).size() >= 2);

    cut.relay.cutConnections();
    await().atMost(Duration.ofSeconds(30)).until(() -> cut.anchors.size() == 2);
    long rejoined = cut.segments.size();

    await().atMost(Duration.ofSeconds(60)).until(() -> cut.segments.size() >= rejoined + 2
        && common(steady, cut).size() >= 4);
    assertIdentical(steady, cut);
    // Both sessions of the cut ingest took the publisher's clock, not their receive time.
    assertThat(cut.anchors.get(0).wallClockAt(0)).isEqualTo(timeline.wallClockAt(0));
    assertThat(cut.anchors.get(1).wallClockAt(0)).isGreaterThan(timeline.wallClockAt(0));
  }

  @Test
  void anIngestThatSeesThePublisherSecondsLaterJoinsWithTheSameSegments() throws Exception {
    Chain first = chain(Duration.ZERO, Duration.ZERO);
    await().atMost(Duration.ofSeconds(60)).until(() -> first.segments.size() >= 2);

    Chain late = chain(Duration.ofMillis(40), Duration.ofMillis(25));

    await().atMost(Duration.ofSeconds(60)).until(() -> common(first, late).size() >= 3);
    assertIdentical(first, late);
    assertThat(late.segments.firstKey()).isGreaterThan(first.segments.firstKey());
  }

  /** An ingest behind a relay, fed from the shared timeline, with a segmenter reading it. */
  private Chain chain(Duration delay, Duration jitter) throws Exception {
    IngestMetrics metrics = new IngestMetrics(new PrometheusRegistry());
    StreamHub hub = new StreamHub(Clock.systemUTC(), metrics, 8 * 1024 * 1024);
    RtmpIngestServer ingest = new RtmpIngestServer(IngestConfig.defaults()
        .withHost("127.0.0.1").withPort(0), hub, metrics).start();
    resources.add(ingest);
    DelayingRelay relay = DelayingRelay.start(ingest.port(), delay, jitter, 42);
    resources.add(relay);
    Chain chain = new Chain(relay);
    hub.subscribe("mystream", chain);
    resources.add(new ClipPublisher(group, new RtmpUrl("127.0.0.1", relay.port(), "mystream",
        ""), timeline).start());
    return chain;
  }

  private static List<Long> common(Chain a, Chain b) {
    synchronized (a) {
      synchronized (b) {
        return a.segments.keySet().stream().filter(b.segments::containsKey).toList();
      }
    }
  }

  private static void assertIdentical(Chain a, Chain b) {
    for (long sequence : common(a, b)) {
      Segment one;
      Segment other;
      synchronized (a) {
        one = a.segments.get(sequence);
      }
      synchronized (b) {
        other = b.segments.get(sequence);
      }
      assertThat(other.programDateTime()).as("date of %d", sequence)
          .isEqualTo(one.programDateTime());
      assertThat(other.durationMillis()).as("duration of %d", sequence)
          .isEqualTo(one.durationMillis());
      assertThat(other.bytes()).as("bytes of %d", sequence).isEqualTo(one.bytes());
    }
  }

  /** What a packager behind one ingest would write, kept by number. */
  private static final class Chain implements StreamReader {
    final DelayingRelay relay;
    final Segmenter segmenter = new Segmenter(Duration.ofSeconds(2));
    final TreeMap<Long, Segment> segments = new TreeMap<>();
    final List<ClockAnchor> anchors = new ArrayList<>();

    Chain(DelayingRelay relay) {
      this.relay = relay;
    }

    @Override
    public synchronized void onSessionStart(ClockAnchor anchor) {
      anchors.add(anchor);
      keep(segmenter.onSessionStart(anchor));
    }

    @Override
    public synchronized void onFrame(MediaFrame frame) {
      keep(segmenter.onFrame(frame));
    }

    @Override
    public synchronized void onSessionEnd() {
      // The segment open at a lost connection is dropped, not written short: the other
      // ingest's segmenter writes it whole (docs/redundant-ingest.md).
      keep(segmenter.onSessionEnd());
    }

    private void keep(List<Segment> finished) {
      for (Segment segment : finished) {
        segments.put(segment.sequence(), segment);
      }
    }
  }
}
