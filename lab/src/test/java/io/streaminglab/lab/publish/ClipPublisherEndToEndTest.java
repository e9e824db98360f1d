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
import io.streaminglab.rtmp.client.RtmpUrl;
import io.streaminglab.testkit.ExternalTool;
import io.streaminglab.testkit.PeerProcess;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The built-in publisher against the real ingest over real RTMP, and ffprobe reading it. */
class ClipPublisherEndToEndTest {
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
      NioIoHandler.newFactory());
  private final IngestMetrics metrics = new IngestMetrics(new PrometheusRegistry());
  private final StreamHub hub = new StreamHub(Clock.systemUTC(), metrics, 8 * 1024 * 1024);
  private final Recorder recorder = new Recorder();
  private RtmpIngestServer ingest;
  private ClipPublisher publisher;

  /** What the hub hands a reader of the stream. */
  private static final class Recorder implements StreamReader {
    final AtomicInteger sessions = new AtomicInteger();
    final List<MediaFrame> frames = new CopyOnWriteArrayList<>();

    @Override
    public void onSessionStart(ClockAnchor anchor) {
      sessions.incrementAndGet();
    }

    @Override
    public void onFrame(MediaFrame frame) {
      frames.add(frame);
    }

    @Override
    public void onSessionEnd() {}
  }

  @BeforeEach
  void start() throws Exception {
    ingest = new RtmpIngestServer(IngestConfig.defaults().withHost("127.0.0.1").withPort(0),
        hub, metrics).start();
    hub.subscribe("mystream", recorder);
  }

  @AfterEach
  void stop() throws Exception {
    if (publisher != null) {
      publisher.close();
    }
    ingest.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
  }

  private RtmpUrl url() {
    return new RtmpUrl("127.0.0.1", ingest.port(), "mystream", "");
  }

  @Test
  void publishesInRealTimeWithAKeyframeEveryTwoSecondsAndRisingTimestamps() {
    publisher = new ClipPublisher(group, url(), LoopingClip.builtIn()).start();

    await().atMost(Duration.ofSeconds(30)).until(() -> keyframes().size() >= 3);
    List<Long> keyframes = keyframes();
    assertThat(keyframes.subList(0, 3)).containsExactly(0L, 2000L, 4000L);
    assertThat(recorder.frames).filteredOn(MediaFrame::sequenceHeader).hasSize(2);
    long previous = -1;
    for (MediaFrame frame : recorder.frames) {
      if (frame.kind() == MediaFrame.Kind.VIDEO && !frame.sequenceHeader()) {
        assertThat(frame.timestamp()).isGreaterThan(previous);
        previous = frame.timestamp();
      }
    }
    assertThat(publisher.state()).startsWith("publishing to rtmp://127.0.0.1:");
  }

  @Test
  void reconnectsWhenTheIngestComesBack() throws Exception {
    publisher = new ClipPublisher(group, url(), LoopingClip.builtIn()).start();
    await().atMost(Duration.ofSeconds(30)).until(() -> recorder.sessions.get() == 1);
    int port = ingest.port();

    ingest.close();
    await().atMost(Duration.ofSeconds(10)).until(() -> publisher.state()
        .startsWith("reconnecting in"));
    ingest = new RtmpIngestServer(IngestConfig.defaults().withHost("127.0.0.1").withPort(port),
        hub, metrics).start();

    await().atMost(Duration.ofSeconds(60)).until(() -> recorder.sessions.get() == 2);
    await().atMost(Duration.ofSeconds(10))
        .until(() -> publisher.state().startsWith("publishing to"));
  }

  @Test
  void ffprobeReadsTheStreamAsH264AndAac() throws Exception {
    String ffprobe = ExternalTool.FFPROBE.require();
    publisher = new ClipPublisher(group, url(), LoopingClip.builtIn()).start();
    await().atMost(Duration.ofSeconds(30)).until(() -> recorder.sessions.get() == 1);

    PeerProcess.Result result = PeerProcess.run(List.of(ffprobe, "-v", "error",
        "-show_entries", "stream=codec_name,width,height,sample_rate", "-of", "csv=p=0",
        url().toString()), Duration.ofSeconds(60));

    assertThat(result.succeeded()).as(result.output()).isTrue();
    // -v error prints nothing but the two streams unless something is wrong.
    assertThat(result.output().strip().lines().sorted().toList())
        .containsExactly("aac,48000", "h264,640,360");
  }

  private List<Long> keyframes() {
    return recorder.frames.stream().filter(f -> f.keyframe() && !f.sequenceHeader())
        .map(MediaFrame::timestamp)
        .toList();
  }
}
