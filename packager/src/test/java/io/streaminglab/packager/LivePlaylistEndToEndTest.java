package io.streaminglab.packager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.streaminglab.hls.MediaPlaylist;
import io.streaminglab.hls.MultivariantParser;
import io.streaminglab.hls.PlaylistParser;
import io.streaminglab.hls.VariantStream;
import io.streaminglab.ingest.IngestConfig;
import io.streaminglab.ingest.IngestMetrics;
import io.streaminglab.ingest.RtmpIngestServer;
import io.streaminglab.ingest.hub.StreamHub;
import io.streaminglab.origin.OriginConfig;
import io.streaminglab.origin.OriginMetrics;
import io.streaminglab.origin.OriginServer;
import io.streaminglab.testkit.ExternalTool;
import io.streaminglab.testkit.PeerProcess;
import io.streaminglab.testkit.TestPublisher;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * live.m3u8 with a real publisher: ffmpeg publishes to the ingest, packagers read the hub, an
 * origin serves a packager's directory, and ffprobe plays the multivariant playlist.
 */
class LivePlaylistEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PackagerMetrics metrics = new PackagerMetrics(registry);
  private StreamHub hub;
  private RtmpIngestServer ingest;

  @BeforeEach
  void startIngest() throws Exception {
    ExternalTool.FFMPEG.require();
    IngestMetrics ingestMetrics = new IngestMetrics(registry);
    hub = new StreamHub(Clock.systemUTC(), ingestMetrics, 16 << 20);
    ingest = new RtmpIngestServer(IngestConfig.defaults().withPort(0), hub, ingestMetrics)
        .start();
    closeables.add(ingest);
  }

  @AfterEach
  void stopAll() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  @Test
  void ffprobePlaysLiveM3u8FromAnOriginAndSeesTheVariantItDescribes() throws Exception {
    String ffprobe = ExternalTool.FFPROBE.require();
    Path out = dir.resolve("primary");
    onHub("primary", out);
    OriginServer origin = new OriginServer(OriginConfig.of(out).withPort(0),
        new OriginMetrics(registry, "primary")).start();
    closeables.add(origin);
    closeables.add(TestPublisher.start(url(), 40));
    awaitSegments(out, 3);

    URI live = URI.create("http://127.0.0.1:" + origin.port() + "/hls/live.m3u8");
    HttpResponse<String> served = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(live).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.headers().firstValue("Content-Type"))
        .hasValue("application/vnd.apple.mpegurl");
    assertThat(served.body()).isEqualTo(Files.readString(out.resolve("live.m3u8")));

    PeerProcess.Result probed = PeerProcess.run(List.of(ffprobe, "-hide_banner", "-v", "error",
        "-show_entries",
        "stream=codec_name,profile,level,width,height:stream_tags=variant_bitrate",
        "-of", "flat", live.toString()), Duration.ofSeconds(30));
    long bandwidthAfter = variantBitrate(out);

    assertThat(probed.exitCode()).as(probed.output()).isZero();
    String output = probed.output();
    assertThat(output).contains("codec_name=\"h264\"", "profile=\"High\"", "width=320",
        "height=240", "codec_name=\"aac\"", "profile=\"LC\"");
    VariantStream variant = MultivariantParser.parse(served.body()).variants().get(0);
    assertThat(variant.resolution()).isEqualTo("320x240");
    assertThat(variant.frameRate()).isEqualTo(25.0);
    assertThat(variant.codecs()).isEqualTo(String.format("avc1.6400%02x,mp4a.40.2",
        Integer.parseInt(value(output, "streams.stream.0.level"))));
    // The window may have moved on between the two reads of live.m3u8.
    assertThat(value(output, "streams.stream.0.tags.variant_bitrate"))
        .isIn(Long.toString(variant.bandwidth()), Long.toString(bandwidthAfter));
  }

  /** The value ffprobe's flat output gives {@code key}, unquoted. */
  private static String value(String flat, String key) {
    for (String line : flat.split("\n")) {
      if (line.startsWith(key + "=")) {
        return line.substring(key.length() + 1).replace("\"", "").strip();
      }
    }
    throw new AssertionError(key + " is not in ffprobe's output:\n" + flat);
  }

  @Test
  void aPackagerThatStartsLaterWritesTheSameLiveM3u8OnceBothListTheSameWindow()
      throws Exception {
    Path early = dir.resolve("early");
    Path late = dir.resolve("late");
    onHub("early", early);
    closeables.add(TestPublisher.start(url(), 40));
    awaitSegments(early, 2);
    onHub("late", late);

    // Once the late packager's window is full, both list the same window between two writes.
    await().atMost(WAIT).ignoreExceptions().until(() -> {
      String index = Files.readString(late.resolve("index.m3u8"));
      return PlaylistParser.parse(index).segments().size() == 6
          && index.equals(Files.readString(early.resolve("index.m3u8")));
    });
    String[] both = sameWindowSnapshot(early, late);

    assertThat(both[1]).isEqualTo(both[0]);
    assertThat(MultivariantParser.parse(both[0]).variants().get(0).resolution())
        .isEqualTo("320x240");
  }

  /** live.m3u8 of both, read while both index.m3u8 were the same and did not change. */
  private static String[] sameWindowSnapshot(Path a, Path b) {
    String[] snapshot = new String[2];
    await().atMost(WAIT).ignoreExceptions().until(() -> {
      String index = Files.readString(a.resolve("index.m3u8"));
      if (!index.equals(Files.readString(b.resolve("index.m3u8")))) {
        return false;
      }
      snapshot[0] = Files.readString(a.resolve("live.m3u8"));
      snapshot[1] = Files.readString(b.resolve("live.m3u8"));
      return index.equals(Files.readString(a.resolve("index.m3u8")))
          && index.equals(Files.readString(b.resolve("index.m3u8")));
    });
    return snapshot;
  }

  /** The BANDWIDTH live.m3u8 says now (ffprobe reports it as variant_bitrate). */
  private static long variantBitrate(Path out) throws Exception {
    return MultivariantParser.parse(Files.readString(out.resolve("live.m3u8"))).variants()
        .get(0).bandwidth();
  }

  private void onHub(String name, Path out) throws Exception {
    Packager packager = new Packager(PackagerConfig.of(name, out), metrics, Clock.systemUTC())
        .start();
    var subscription = hub.subscribe("mystream", packager);
    closeables.add(() -> {
      subscription.close();
      packager.close();
    });
  }

  private void awaitSegments(Path out, int count) {
    await().atMost(WAIT).ignoreExceptions().until(() -> {
      MediaPlaylist playlist = PlaylistParser.parse(Files.readString(out.resolve("index.m3u8")));
      return playlist.segments().size() >= count && Files.exists(out.resolve("live.m3u8"));
    });
  }

  private String url() {
    return "rtmp://127.0.0.1:" + ingest.port() + "/mystream";
  }
}
