package io.streaminglab.origin;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.DateFormatter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Date;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a player, a browser or a cache sees of the files an origin serves. */
class OriginServerTest {
  static final String PLAYLIST = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n"
      + "#EXT-X-MEDIA-SEQUENCE:12\n#EXTINF:2.000,\nseg-12.ts\n";
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  @TempDir
  Path directory;

  private byte[] segment;
  private OriginServer server;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void startOrigin() throws Exception {
    Files.writeString(directory.resolve("index.m3u8"), PLAYLIST);
    segment = pattern(188 * 100);
    Files.write(directory.resolve("seg-12.ts"), segment);
    server = new OriginServer(OriginConfig.of(directory).withPort(0),
        new OriginMetrics(new PrometheusRegistry(), "primary"),
        Clock.fixed(NOW, ZoneOffset.UTC), transport()).start();
  }

  /** The transport under test; {@link OriginServerOnNioTest} runs every test on NIO. */
  OriginTransport transport() {
    return OriginTransport.preferred();
  }

  @AfterEach
  void stopOrigin() {
    server.close();
  }

  @Test
  void servesThePlaylistAsAnHlsPlaylistThatCachesMustRevalidate() throws Exception {
    HttpResponse<String> response = client.send(request("/hls/index.m3u8").build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(PLAYLIST);
    assertThat(header(response, "content-type")).isEqualTo("application/vnd.apple.mpegurl");
    assertThat(header(response, "cache-control")).isEqualTo("no-cache");
    assertThat(header(response, "content-length")).isEqualTo(String.valueOf(PLAYLIST.length()));
  }

  @Test
  void servesSegmentsAsImmutableForAYear() throws Exception {
    HttpResponse<byte[]> response = get("/hls/seg-12.ts");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(segment);
    assertThat(header(response, "content-type")).isEqualTo("video/mp2t");
    assertThat(header(response, "cache-control"))
        .isEqualTo("public, max-age=31536000, immutable");
    assertThat(header(response, "accept-ranges")).isEqualTo("bytes");
  }

  @Test
  void servesFilesInSubdirectories() throws Exception {
    Files.createDirectories(directory.resolve("720p"));
    Files.write(directory.resolve("720p/seg-1.ts"), segment);

    assertThat(get("/hls/720p/seg-1.ts").body()).isEqualTo(segment);
  }

  @Test
  void namesTheMediaTypeByExtension() throws Exception {
    for (String name : new String[] {"a.m4s", "init.mp4", "a.aac", "a.bin", "LIVE.M3U8"}) {
      Files.writeString(directory.resolve(name), "x");
    }

    assertThat(header(get("/hls/a.m4s"), "content-type")).isEqualTo("video/mp4");
    assertThat(header(get("/hls/init.mp4"), "content-type")).isEqualTo("video/mp4");
    assertThat(header(get("/hls/a.aac"), "content-type")).isEqualTo("audio/aac");
    assertThat(header(get("/hls/a.bin"), "content-type")).isEqualTo("application/octet-stream");
    assertThat(header(get("/hls/a.bin"), "cache-control")).isEqualTo("no-cache");
    assertThat(header(get("/hls/LIVE.M3U8"), "content-type"))
        .isEqualTo("application/vnd.apple.mpegurl");
  }

  @Test
  void servesLargeFilesIntact() throws Exception {
    byte[] large = pattern(5 << 20);
    Files.write(directory.resolve("large.ts"), large);

    HttpResponse<byte[]> response = get("/hls/large.ts");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Arrays.equals(response.body(), large)).isTrue();
  }

  @Test
  void servesAnEmptyFile() throws Exception {
    Files.write(directory.resolve("empty.ts"), new byte[0]);

    HttpResponse<byte[]> response = get("/hls/empty.ts");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
    assertThat(header(response, "content-length")).isEqualTo("0");
  }

  @Test
  void headSendsTheHeadersOfGetWithoutTheBody() throws Exception {
    try (RawHttp http = new RawHttp(server.port())) {
      http.send("HEAD /hls/seg-12.ts HTTP/1.1\r\nHost: x\r\n\r\n");
      RawHttp.Response head = http.read(true);
      // If HEAD had leaked a body, the next response would not parse.
      http.send("GET /hls/index.m3u8 HTTP/1.1\r\nHost: x\r\n\r\n");
      RawHttp.Response next = http.read(false);

      assertThat(head.status()).isEqualTo(200);
      assertThat(head.header("content-length")).isEqualTo(String.valueOf(segment.length));
      assertThat(head.header("content-type")).isEqualTo("video/mp2t");
      assertThat(head.header("etag")).isNotNull();
      assertThat(next.status()).isEqualTo(200);
      assertThat(next.text()).isEqualTo(PLAYLIST);
    }
  }

  @Test
  void headOfAMissingFileSendsNoBodyEither() throws Exception {
    try (RawHttp http = new RawHttp(server.port())) {
      http.send("HEAD /hls/missing.ts HTTP/1.1\r\nHost: x\r\n\r\n");
      RawHttp.Response head = http.read(true);
      http.send("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n");
      RawHttp.Response root = http.read(true);
      http.send("GET /hls/index.m3u8 HTTP/1.1\r\nHost: x\r\n\r\n");

      assertThat(head.status()).isEqualTo(404);
      assertThat(root.status()).isEqualTo(404);
      assertThat(http.read(false).text()).isEqualTo(PLAYLIST);
    }
  }

  @Test
  void answersNotFoundForMissingFilesAndEverythingOutsideHls() throws Exception {
    Files.createDirectories(directory.resolve("720p"));

    for (String path : new String[] {"/hls/missing.ts", "/hls/720p", "/hls/720p/", "/hls/",
        "/hls", "/index.m3u8", "/other/index.m3u8", "/favicon.ico"}) {
      assertThat(get(path).statusCode()).as(path).isEqualTo(404);
    }
  }

  @Test
  void theRootSaysWhereThePlaylistIs() throws Exception {
    HttpResponse<String> response = client.send(request("/").build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(header(response, "content-type")).startsWith("text/plain");
    assertThat(response.body()).contains("/hls/index.m3u8");
  }

  @Test
  void refusesOtherMethods() throws Exception {
    for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH"}) {
      HttpResponse<String> response = client.send(request("/hls/index.m3u8")
          .method(method, HttpRequest.BodyPublishers.ofString("x")).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).as(method).isEqualTo(405);
      assertThat(header(response, "allow")).isEqualTo("GET, HEAD, OPTIONS");
    }
    assertThat(Files.readString(directory.resolve("index.m3u8"))).isEqualTo(PLAYLIST);
  }

  @Test
  void sendsAStrongEtagAndLastModified() throws Exception {
    FileTime modified = FileTime.from(Instant.parse("2026-02-01T10:20:30.456Z"));
    Files.setLastModifiedTime(directory.resolve("seg-12.ts"), modified);

    HttpResponse<byte[]> response = get("/hls/seg-12.ts");

    assertThat(header(response, "etag")).matches("\"[0-9a-f]+-[0-9a-f]+(-[0-9a-f]+)?\"");
    assertThat(header(response, "last-modified")).isEqualTo("Sun, 01 Feb 2026 10:20:30 GMT");
  }

  @Test
  void datesResponsesWithTheInjectedClock() throws Exception {
    assertThat(header(get("/hls/seg-12.ts"), "date"))
        .isEqualTo(DateFormatter.format(Date.from(NOW)));
  }

  @Test
  void answersNotModifiedToAMatchingIfNoneMatch() throws Exception {
    String etag = header(get("/hls/seg-12.ts"), "etag");

    for (String condition : new String[] {etag, "W/" + etag, "\"other\", " + etag, "*"}) {
      HttpResponse<byte[]> response = get("/hls/seg-12.ts", "If-None-Match", condition);

      assertThat(response.statusCode()).as(condition).isEqualTo(304);
      assertThat(response.body()).isEmpty();
      assertThat(header(response, "etag")).isEqualTo(etag);
      assertThat(header(response, "cache-control"))
          .isEqualTo("public, max-age=31536000, immutable");
    }
    assertThat(get("/hls/seg-12.ts", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
  }

  @Test
  void notModifiedHasNoBodyOnAKeptAliveConnection() throws Exception {
    String etag = header(get("/hls/index.m3u8"), "etag");
    try (RawHttp http = new RawHttp(server.port())) {
      http.send("GET /hls/index.m3u8 HTTP/1.1\r\nHost: x\r\nIf-None-Match: " + etag + "\r\n\r\n");
      RawHttp.Response notModified = http.read(false);
      http.send("GET /hls/index.m3u8 HTTP/1.1\r\nHost: x\r\n\r\n");

      assertThat(notModified.status()).isEqualTo(304);
      assertThat(http.read(false).text()).isEqualTo(PLAYLIST);
    }
  }

  @Test
  void answersNotModifiedToIfModifiedSinceAtOrAfterTheModification() throws Exception {
    Files.setLastModifiedTime(directory.resolve("seg-12.ts"),
        FileTime.from(Instant.parse("2026-02-01T10:20:30.456Z")));

    assertThat(get("/hls/seg-12.ts", "If-Modified-Since", "Sun, 01 Feb 2026 10:20:30 GMT")
        .statusCode()).isEqualTo(304);
    assertThat(get("/hls/seg-12.ts", "If-Modified-Since", "Sun, 01 Feb 2026 11:00:00 GMT")
        .statusCode()).isEqualTo(304);
    assertThat(get("/hls/seg-12.ts", "If-Modified-Since", "Sun, 01 Feb 2026 10:20:29 GMT")
        .statusCode()).isEqualTo(200);
    assertThat(get("/hls/seg-12.ts", "If-Modified-Since", "not a date").statusCode())
        .isEqualTo(200);
  }

  @Test
  void ifNoneMatchOverridesIfModifiedSince() throws Exception {
    HttpResponse<byte[]> response = get("/hls/seg-12.ts", "If-None-Match", "\"stale\"",
        "If-Modified-Since", "Fri, 01 Jan 2100 00:00:00 GMT");

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void aPlaylistReplacedWithinTheSameSecondGetsANewEtag() throws Exception {
    Path playlist = directory.resolve("index.m3u8");
    FileTime second = FileTime.from(Instant.parse("2026-02-01T10:20:30Z"));
    Files.setLastModifiedTime(playlist, second);
    String before = header(get("/hls/index.m3u8"), "etag");

    // Same length, same whole second, renamed over the old file as packagers do.
    Path next = directory.resolve("index.m3u8.tmp");
    Files.writeString(next, PLAYLIST.replace("seg-12", "seg-13").replace(":12", ":13"));
    Files.setLastModifiedTime(next, FileTime.from(Instant.parse("2026-02-01T10:20:30.500Z")));
    Files.move(next, playlist, StandardCopyOption.ATOMIC_MOVE);
    HttpResponse<String> after = client.send(request("/hls/index.m3u8")
        .header("If-None-Match", before).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(after.body()).contains("seg-13.ts");
    assertThat(header(after, "etag")).isNotEqualTo(before);
  }

  @Test
  void aSegmentWrittenAgainUnderItsNameIsServedNew() throws Exception {
    assertThat(get("/hls/seg-12.ts").body()).isEqualTo(segment);

    // Same length and time, renamed over the old file: only the inode tells them apart.
    byte[] again = pattern(segment.length);
    again[0] = 'G';
    Path next = Files.write(directory.resolve("seg-12.ts.tmp"), again);
    Files.setLastModifiedTime(next, Files.getLastModifiedTime(directory.resolve("seg-12.ts")));
    Files.move(next, directory.resolve("seg-12.ts"), StandardCopyOption.ATOMIC_MOVE);

    assertThat(get("/hls/seg-12.ts").body()).isEqualTo(again);
  }

  @Test
  void aDeletedSegmentIsNotFoundThoughItWasKeptOpen() throws Exception {
    assertThat(get("/hls/seg-12.ts").statusCode()).isEqualTo(200);
    Files.delete(directory.resolve("seg-12.ts"));

    assertThat(get("/hls/seg-12.ts").statusCode()).isEqualTo(404);
  }

  @Test
  void keepsOneDescriptorPerSegmentAndClosesItWhenStopped() throws Exception {
    Path fds = Path.of("/proc/self/fd");
    Assumptions.assumeTrue(Files.isDirectory(fds), "needs /proc/self/fd to count descriptors");
    Path file = directory.resolve("seg-12.ts").toRealPath();

    get("/hls/seg-12.ts");
    get("/hls/seg-12.ts");
    assertThat(descriptorsOf(fds, file)).as("open descriptors of " + file).isEqualTo(1);

    server.close();
    assertThat(descriptorsOf(fds, file)).as("open descriptors of " + file).isZero();
  }

  private static long descriptorsOf(Path fds, Path file) throws IOException {
    try (Stream<Path> all = Files.list(fds)) {
      return all.filter(fd -> {
        try {
          return Files.readSymbolicLink(fd).equals(file);
        } catch (IOException e) {
          return false; // closed while listed
        }
      }).count();
    }
  }

  @Test
  void answersAByteRangeWithPartialContent() throws Exception {
    HttpResponse<byte[]> response = get("/hls/seg-12.ts", "Range", "bytes=188-375");

    assertThat(response.statusCode()).isEqualTo(206);
    assertThat(header(response, "content-range")).isEqualTo("bytes 188-375/" + segment.length);
    assertThat(header(response, "content-length")).isEqualTo("188");
    assertThat(response.body()).isEqualTo(Arrays.copyOfRange(segment, 188, 376));
  }

  @Test
  void answersOpenAndSuffixRanges() throws Exception {
    int size = segment.length;

    HttpResponse<byte[]> open = get("/hls/seg-12.ts", "Range", "bytes=18000-");
    HttpResponse<byte[]> suffix = get("/hls/seg-12.ts", "Range", "bytes=-100");

    assertThat(open.statusCode()).isEqualTo(206);
    assertThat(header(open, "content-range")).isEqualTo("bytes 18000-" + (size - 1) + "/" + size);
    assertThat(open.body()).isEqualTo(Arrays.copyOfRange(segment, 18000, size));
    assertThat(suffix.statusCode()).isEqualTo(206);
    assertThat(header(suffix, "content-range"))
        .isEqualTo("bytes " + (size - 100) + "-" + (size - 1) + "/" + size);
    assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(segment, size - 100, size));
  }

  @Test
  void answersRangeNotSatisfiableWithTheSize() throws Exception {
    HttpResponse<byte[]> response = get("/hls/seg-12.ts", "Range", "bytes=99999-");

    assertThat(response.statusCode()).isEqualTo(416);
    assertThat(header(response, "content-range")).isEqualTo("bytes */" + segment.length);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void answersMultipleRangesWithTheWholeFile() throws Exception {
    HttpResponse<byte[]> response = get("/hls/seg-12.ts", "Range", "bytes=0-9,20-29");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(segment);
  }

  @Test
  void honoursIfRangeOnlyForTheSameVersion() throws Exception {
    String etag = header(get("/hls/seg-12.ts"), "etag");

    assertThat(get("/hls/seg-12.ts", "Range", "bytes=0-9", "If-Range", etag).statusCode())
        .isEqualTo(206);
    assertThat(get("/hls/seg-12.ts", "Range", "bytes=0-9", "If-Range", "\"old\"").statusCode())
        .isEqualTo(200);
    assertThat(get("/hls/seg-12.ts", "Range", "bytes=0-9", "If-Range", "W/" + etag)
        .statusCode()).isEqualTo(200);
  }

  @Test
  void letsBrowsersReadEveryAnswer() throws Exception {
    for (String path : new String[] {"/hls/index.m3u8", "/hls/seg-12.ts", "/hls/missing.ts"}) {
      HttpResponse<byte[]> response = get(path);

      assertThat(header(response, "access-control-allow-origin")).as(path).isEqualTo("*");
      assertThat(header(response, "access-control-expose-headers"))
          .isEqualTo("Content-Length, Content-Range");
    }
  }

  @Test
  void answersACorsPreflight() throws Exception {
    HttpResponse<byte[]> response = client.send(request("/hls/seg-12.ts")
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "https://player.example")
        .header("Access-Control-Request-Method", "GET")
        .header("Access-Control-Request-Headers", "range").build(),
        HttpResponse.BodyHandlers.ofByteArray());

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.body()).isEmpty();
    assertThat(header(response, "access-control-allow-origin")).isEqualTo("*");
    assertThat(header(response, "access-control-allow-methods")).isEqualTo("GET, HEAD, OPTIONS");
    assertThat(header(response, "access-control-allow-headers")).isEqualTo("Range");
    assertThat(header(response, "access-control-max-age")).isEqualTo("86400");
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .timeout(Duration.ofSeconds(10));
  }

  private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder builder = request(path);
    if (headers.length > 0) {
      builder.headers(headers);
    }
    return client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  static byte[] pattern(int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (i * 31 + i / 251);
    }
    bytes[0] = 0x47;
    return bytes;
  }
}
