package io.streaminglab.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.streaminglab.ingest.hub.ClockAnchor;
import io.streaminglab.ingest.hub.MediaFrame;
import io.streaminglab.ingest.hub.StreamHub;
import io.streaminglab.ingest.hub.StreamReader;
import io.streaminglab.ingest.hub.Subscription;
import io.streaminglab.testkit.ExternalTool;
import io.streaminglab.testkit.PeerProcess;
import io.streaminglab.testkit.TestPublisher;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ingest against real peers: ffmpeg publishes, ffprobe and ffmpeg play. */
class IngestEndToEndTest {
  private static final Duration PEER_TIMEOUT = Duration.ofSeconds(60);

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private StreamHub hub;
  private RtmpIngestServer server;

  @BeforeEach
  void startIngest() throws Exception {
    ExternalTool.FFMPEG.require();
    ExternalTool.FFPROBE.require();
    IngestMetrics metrics = new IngestMetrics(new PrometheusRegistry());
    hub = new StreamHub(Clock.systemUTC(), metrics, 8 << 20);
    server = new RtmpIngestServer(IngestConfig.defaults().withPort(0), hub, metrics).start();
    closeables.add(server);
  }

  @AfterEach
  void stopEverything() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  @Test
  void ffprobeAndFfmpegPlayWhatFfmpegPublishes() {
    KeyframeCounter counter = publishAndWait("mystream", 30);

    PeerProcess.Result probe = ffprobe("mystream", "stream=codec_name,width,height");
    assertThat(probe.succeeded()).as(probe.output()).isTrue();
    assertThat(probe.output()).contains("codec_name=h264|width=320|height=240")
        .contains("codec_name=aac").doesNotContain("unknown");

    PeerProcess.Result play = PeerProcess.run(List.of(ExternalTool.FFMPEG.require(),
        "-hide_banner", "-nostdin", "-loglevel", "error", "-i", url("mystream"), "-t", "3",
        "-f", "null", "-"), PEER_TIMEOUT);
    assertThat(play.succeeded()).as(play.output()).isTrue();
    assertThat(play.output()).isBlank();
    assertThat(counter.keyframes.get()).isPositive();
  }

  @Test
  void twoPathsPlayAtOnce() {
    publishAndWait("first", 30);
    publishAndWait("live/second", 30);

    PeerProcess.Result first = ffprobe("first", "stream=codec_name");
    PeerProcess.Result second = ffprobe("live/second", "stream=codec_name");

    assertThat(first.output()).contains("codec_name=h264").contains("codec_name=aac");
    assertThat(second.output()).contains("codec_name=h264").contains("codec_name=aac");
  }

  @Test
  void aSecondPublisherIsRefusedAndTheFirstGoesOn() {
    KeyframeCounter counter = publishAndWait("mystream", 40);

    PeerProcess.Result second = PeerProcess.run(TestPublisher.command(url("mystream"), 10),
        PEER_TIMEOUT);

    assertThat(second.succeeded()).isFalse();
    assertThat(second.output()).contains("already has a publisher");
    int before = counter.keyframes.get();
    await().atMost(Duration.ofSeconds(20)).until(() -> counter.keyframes.get() >= before + 2);
    PeerProcess.Result probe = ffprobe("mystream", "stream=codec_name");
    assertThat(probe.output()).contains("codec_name=h264");
  }

  @Test
  void aPlayerJoiningMidStreamStartsAtAKeyframe() {
    KeyframeCounter counter = publishAndWait("mystream", 40);
    // Join well into a GOP: a keyframe every 2 s, and at least one whole GOP behind us.
    await().atMost(Duration.ofSeconds(20)).until(() -> counter.keyframes.get() >= 2);

    PeerProcess.Result frames = PeerProcess.run(List.of(ExternalTool.FFPROBE.require(),
        "-v", "error", "-select_streams", "v:0", "-read_intervals", "%+#3",
        "-show_entries", "frame=key_frame,pict_type", "-of", "compact", url("mystream")),
        PEER_TIMEOUT);

    assertThat(frames.succeeded()).as(frames.output()).isTrue();
    assertThat(frames.output().lines().filter(line -> line.startsWith("frame")).findFirst())
        .hasValueSatisfying(first -> assertThat(first).contains("key_frame=1")
            .contains("pict_type=I"));
  }

  @Test
  void garbageOnThePortLeavesAFollowingPublishUnharmed() throws Exception {
    Random random = new Random(7);
    byte[] garbage = new byte[64 * 1024];
    random.nextBytes(garbage);
    garbage[0] = 3; // a valid C0, so the garbage reaches past the handshake's first check
    try (Socket socket = connect()) {
      socket.getOutputStream().write(garbage);
      drainUntilClosed(socket.getInputStream());
    }
    try (Socket socket = connect()) {
      socket.getOutputStream().write(new byte[] {3, 0, 0, 0, 0, 1, 2, 3});
    }
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      out.write(3);
      out.write(new byte[1536]);
      out.write(new byte[1536]);
      // Set Chunk Size 0 on chunk stream 2.
      out.write(new byte[] {2, 0, 0, 0, 0, 0, 4, 1, 0, 0, 0, 0, 0, 0, 0, 0});
      out.flush();
      drainUntilClosed(socket.getInputStream());
    }

    publishAndWait("mystream", 30);
    PeerProcess.Result probe = ffprobe("mystream", "stream=codec_name");

    assertThat(probe.output()).contains("codec_name=h264").contains("codec_name=aac");
  }

  private Socket connect() throws Exception {
    Socket socket = new Socket("127.0.0.1", server.port());
    socket.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
    return socket;
  }

  /** Reads until the server closes the connection; fails the test if it never does. */
  private static void drainUntilClosed(InputStream in) throws Exception {
    byte[] buffer = new byte[8192];
    while (in.read(buffer) >= 0) {
      // the handshake answer, then nothing: the server must close
    }
  }

  private KeyframeCounter publishAndWait(String path, int seconds) {
    KeyframeCounter counter = new KeyframeCounter();
    closeables.add(hub.subscribe(path, counter));
    closeables.add(TestPublisher.start(url(path), seconds));
    await().atMost(Duration.ofSeconds(30)).until(() -> counter.keyframes.get() >= 1);
    return counter;
  }

  private PeerProcess.Result ffprobe(String path, String entries) {
    PeerProcess.Result result = PeerProcess.run(List.of(ExternalTool.FFPROBE.require(),
        "-v", "error", "-show_entries", entries, "-of", "compact", url(path)), PEER_TIMEOUT);
    assertThat(result.succeeded()).as(result.output()).isTrue();
    return result;
  }

  private String url(String path) {
    return "rtmp://127.0.0.1:" + server.port() + "/" + path;
  }

  /** An in-process reader of the hub that counts video keyframes. */
  private static final class KeyframeCounter implements StreamReader {
    final AtomicInteger keyframes = new AtomicInteger();

    @Override
    public void onSessionStart(ClockAnchor anchor) {}

    @Override
    public void onFrame(MediaFrame frame) {
      if (frame.kind() == MediaFrame.Kind.VIDEO && frame.keyframe() && !frame.sequenceHeader()) {
        keyframes.incrementAndGet();
      }
    }

    @Override
    public void onSessionEnd() {}
  }
}
