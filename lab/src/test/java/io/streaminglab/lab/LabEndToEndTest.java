package io.streaminglab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streaminglab.hls.MediaPlaylist;
import io.streaminglab.hls.MediaSegment;
import io.streaminglab.hls.PlaylistParser;
import io.streaminglab.testkit.ExternalTool;
import io.streaminglab.testkit.PeerProcess;
import io.streaminglab.testkit.TestPublisher;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab of {@code up} against real peers: ffmpeg publishes to both ingests from one encode
 * (the tee muxer, its clock in the metadata); both origins serve the same playlist and
 * segments; ffprobe and ffmpeg read them as players would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LabEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  static Path dir;

  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();
  private Lab lab;
  private PeerProcess publisher;

  @BeforeAll
  void startLabAndPublish() throws Exception {
    ExternalTool.FFMPEG.require();
    ExternalTool.FFPROBE.require();
    lab = Lab.start(LabSettings.ephemeral(dir));
    publisher = TestPublisher.startRedundant(List.of(
        "rtmp://127.0.0.1:" + lab.rtmpPort() + "/mystream",
        "rtmp://127.0.0.1:" + lab.backupRtmpPort() + "/mystream"), 90);
    await().atMost(WAIT).ignoreExceptions()
        .until(() -> playlist(lab.primaryPort()).segments().size() >= 3
            && playlist(lab.backupPort()).segments().size() >= 3);
  }

  @AfterAll
  void stop() {
    if (publisher != null) {
      publisher.close();
    }
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void bothOriginsServeTheSameNamesNumbersDatesAndBytes() throws Exception {
    MediaPlaylist primary = playlist(lab.primaryPort());
    MediaPlaylist backup = playlist(lab.backupPort());
    long last = Math.min(primary.lastSequence(), backup.lastSequence());
    int compared = 0;
    for (long n = last - 2; n <= last; n++) {
      MediaSegment a = primary.segment(n);
      MediaSegment b = backup.segment(n);
      assertThat(a).as("segment %d on the primary", n).isNotNull();
      assertThat(b).as("segment %d on the backup", n).isNotNull();
      assertThat(b.uri()).isEqualTo(a.uri());
      assertThat(b.programDateTime()).isEqualTo(a.programDateTime());
      assertThat(bytes(lab.backupPort(), b.uri())).isEqualTo(bytes(lab.primaryPort(), a.uri()));
      compared++;
    }
    assertThat(compared).isEqualTo(3);
    assertThat(primary.targetDurationSeconds()).isEqualTo(2);
    assertThat(primary.segments()).allSatisfy(s -> {
      assertThat(s.programDateTime()).isNotNull();
      assertThat(Math.round(s.durationSeconds())).isLessThanOrEqualTo(2);
    });
  }

  @Test
  void bothSwitchersSayTheOriginsAreAligned() {
    for (int port : List.of(lab.httpPort(), lab.backupHttpPort())) {
      await().atMost(WAIT).until(() -> new ObjectMapper().readTree(health(port))
          .path("aligned").asBoolean(false));
    }
  }

  private String health(int port) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/healthz")).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  @Test
  void everySegmentPassesFfprobeSilently() throws Exception {
    MediaPlaylist playlist = playlist(lab.primaryPort());
    for (MediaSegment segment : playlist.segments()) {
      PeerProcess.Result probe = PeerProcess.run(List.of(ExternalTool.FFPROBE.require(),
          "-v", "error", "-show_entries", "stream=codec_name,width,height", "-of", "compact",
          url(lab.primaryPort(), segment.uri())), WAIT);
      assertThat(probe.exitCode()).as(probe.output()).isZero();
      assertThat(probe.output().lines().filter(l -> !l.isBlank() && !l.startsWith("stream|")
          && !l.startsWith("program|")))
          .as("ffprobe complaints about %s", segment.uri()).isEmpty();
      assertThat(probe.output()).contains("codec_name=h264|width=320|height=240")
          .contains("codec_name=aac");
    }
  }

  @Test
  void ffmpegFollowsTheLivePlaylistForTwentySecondsWithoutAnError() {
    PeerProcess.Result follow = PeerProcess.run(List.of(ExternalTool.FFMPEG.require(),
        "-hide_banner", "-nostdin", "-loglevel", "error", "-i",
        url(lab.backupPort(), "index.m3u8"), "-t", "20", "-f", "null", "-"), Duration.ofSeconds(90));

    assertThat(follow.exitCode()).as(follow.output()).isZero();
    assertThat(follow.output()).isBlank();
  }

  @Test
  void pathTraversalIsRefused() throws Exception {
    for (String target : List.of("/hls/../../../etc/passwd", "/hls/%2e%2e/%2e%2e/etc/passwd",
        "/hls/..%2f..%2fetc%2fpasswd", "/hls//etc/passwd", "/hls/%2fetc%2fpasswd")) {
      String answer = rawGet(lab.primaryPort(), target);
      assertThat(answer).as(target).doesNotContain("root:").startsWith("HTTP/1.1 4");
    }
  }

  private MediaPlaylist playlist(int port) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
        URI.create(url(port, "index.m3u8"))).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type"))
        .hasValue("application/vnd.apple.mpegurl");
    return PlaylistParser.parse(response.body());
  }

  private byte[] bytes(int port, String name) throws Exception {
    HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url(port, name)))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).as(name).isEqualTo(200);
    return response.body();
  }

  private static String rawGet(int port, String target) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  private static String url(int port, String name) {
    return "http://127.0.0.1:" + port + "/hls/" + name;
  }
}
