package io.streaminglab.lab.player;

import static org.awaitility.Awaitility.await;

import io.streaminglab.lab.statuspage.HeadlessChromium;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * hls.js in headless Chromium on a page served from an origin of its own ({@code localhost},
 * while the lab serves on {@code 127.0.0.1}), so that every request to a switcher is
 * cross-origin, as from any site that embeds a player. The hls.js is the npm release the build
 * downloads (system property {@value #HLSJS_PROPERTY}); what the player did is read from the
 * page's {@code window.playerEvents}.
 */
final class CrossOriginPlayer implements AutoCloseable {
  static final String HLSJS_PROPERTY = "streaminglab.hlsjs";

  private final PageServer server;
  private final HeadlessChromium chromium;

  private CrossOriginPlayer(PageServer server, HeadlessChromium chromium) {
    this.server = server;
    this.chromium = chromium;
  }

  /** Starts the page's server and Chromium (which fails under CI, skips elsewhere, if absent). */
  static CrossOriginPlayer start() throws IOException, InterruptedException {
    return start(hlsJs());
  }

  /** The same with another hls.js, such as the status page's. */
  static CrossOriginPlayer start(byte[] hlsJs) throws IOException, InterruptedException {
    HeadlessChromium chromium = HeadlessChromium.start(1024, 768);
    try {
      PageServer server = new PageServer(Map.of(
          "/", new PageServer.File(resource("player.html"), "text/html; charset=utf-8"),
          "/hls.min.js", new PageServer.File(hlsJs, "text/javascript")));
      return new CrossOriginPlayer(server, chromium);
    } catch (IOException | InterruptedException | RuntimeException e) {
      chromium.close();
      throw e;
    }
  }

  /** Opens the page, which plays {@code source} at once. */
  void play(URI source) {
    driver().get("http://localhost:" + server.port() + "/?src="
        + URLEncoder.encode(source.toString(), StandardCharsets.UTF_8));
  }

  /**
   * Waits until the video has played to {@code seconds}; on a timeout, fails with what the
   * player did.
   */
  void awaitPlayedTo(double seconds, Duration atMost) {
    try {
      await("the video to play to " + seconds + " s").atMost(atMost)
          .pollInterval(Duration.ofMillis(250)).until(() -> currentTime() >= seconds);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("The video stopped at " + currentTime() + " s, before "
          + seconds + " s; the player's events: " + PlayerEvidence.summary(events(0)), e);
    }
  }

  /** The player's events from index {@code from} on. */
  @SuppressWarnings("unchecked")
  List<Map<String, Object>> events(int from) {
    return (List<Map<String, Object>>) driver().executeScript(
        "return (window.playerEvents || []).slice(arguments[0]);", from);
  }

  int eventCount() {
    return ((Number) driver().executeScript("return (window.playerEvents || []).length;"))
        .intValue();
  }

  double currentTime() {
    return ((Number) driver().executeScript(
        "return document.querySelector('video').currentTime;")).doubleValue();
  }

  /** The hls.js version the page runs. */
  String hlsVersion() {
    return (String) driver().executeScript("return Hls.version;");
  }

  private ChromeDriver driver() {
    return chromium.driver();
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = CrossOriginPlayer.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("test resource " + name + " is missing");
      }
      return in.readAllBytes();
    }
  }

  private static byte[] hlsJs() {
    String path = System.getProperty(HLSJS_PROPERTY);
    if (path == null || !Files.isRegularFile(Path.of(path))) {
      throw new IllegalStateException("hls.js for the player tests is missing (" + path
          + "): run the tests through Maven, which downloads it at generate-test-resources.");
    }
    try {
      return Files.readAllBytes(Path.of(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    try {
      chromium.close();
    } finally {
      server.close();
    }
  }
}
