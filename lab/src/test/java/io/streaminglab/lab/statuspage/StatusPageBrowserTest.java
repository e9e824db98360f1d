package io.streaminglab.lab.statuspage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streaminglab.lab.Lab;
import io.streaminglab.lab.LabSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The status page of {@code up} in headless Chromium, as a person would use it: the video
 * plays; the page's "Stop origin-primary" button makes the switcher fail over, which the cards
 * and the timeline show while the video plays on without a stall; "Start origin-primary" brings
 * the switchback. What the player saw comes from the page's own event log
 * ({@code window.streamingLabEvents}). The failover is photographed into
 * {@code target/status-page-failover.png} (the README's picture is a copy of it).
 */
class StatusPageBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  /** Played seconds a failover must be watched for: detection plus a few segments. */
  private static final double WATCH_SECONDS = 12;

  @TempDir
  Path dir;

  private Lab lab;
  private HeadlessChromium chromium;

  @AfterEach
  void stop() {
    if (chromium != null) {
      chromium.close();
    }
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void theVideoPlaysOnThroughAFailoverAndASwitchbackDrivenFromThePage() throws Exception {
    chromium = HeadlessChromium.start(1440, 1200);
    lab = Lab.start(LabSettings.ephemeral(dir).withPublisher(true));
    String base = "http://127.0.0.1:" + lab.httpPort();
    awaitPlaylist(base);
    ChromeDriver page = chromium.driver();

    page.get(base + "/?token=" + lab.settings().switcher().adminToken());
    wait("the token to leave the address bar").until(() -> !page.getCurrentUrl()
        .contains("token"));
    wait("the video to play from the primary").until(() -> currentTime(page) > 4
        && "primary".equals(overlay(page, "origin")));
    assertThat(card(page, "primary")).isEqualTo("active");
    assertThat(card(page, "backup")).isEqualTo("standby");

    int before = events(page, 0).size();
    double clickedAt = currentTime(page);
    click(page, "Stop origin-primary");
    wait("the failover in the cards and the timeline, and segments from the backup").until(
        () -> card(page, "primary").equals("unhealthy") && card(page, "backup").equals("active")
            && !timeline(page, "failover").isEmpty()
            && "backup".equals(overlay(page, "origin")));
    assertThat(timeline(page, "failover").get(0)).contains("to backup")
        .contains("primary refused the connection");
    photograph(page, Path.of("target", "status-page-failover.png"));
    wait("the video to play on").until(() -> currentTime(page) > clickedAt + WATCH_SECONDS);
    assertNoStallSince(page, before, "the failover");

    before = events(page, 0).size();
    double startedAt = currentTime(page);
    click(page, "Start origin-primary");
    wait("the switchback in the cards and the timeline, and segments from the primary").until(
        () -> card(page, "primary").equals("active") && card(page, "backup").equals("standby")
            && !timeline(page, "switchback").isEmpty()
            && "primary".equals(overlay(page, "origin")));
    assertThat(timeline(page, "switchback").get(0)).contains("to primary")
        .contains("primary healthy");
    wait("the video to play on").until(() -> currentTime(page) > startedAt + WATCH_SECONDS);
    assertNoStallSince(page, before, "the switchback");
    assertThat(events(page, 0)).as("script errors or blocked loads on the page")
        .noneMatch(e -> e.get("type").equals("page-error")
            || e.get("type").equals("csp-violation"));
  }

  @Test
  void thePlainAddressShowsEverythingButTheButtons() throws Exception {
    chromium = HeadlessChromium.start(1280, 900);
    lab = Lab.start(LabSettings.ephemeral(dir));
    ChromeDriver page = chromium.driver();
    page.switchTo().newWindow(WindowType.TAB);

    page.get("http://127.0.0.1:" + lab.httpPort() + "/");
    wait("the origin cards").until(() -> !card(page, "primary").isEmpty());
    assertThat(page.findElement(By.id("controls")).isDisplayed()).isFalse();
    assertThat(page.findElements(By.cssSelector("button[data-component]")))
        .noneMatch(WebElement::isDisplayed);
    assertThat(page.findElement(By.id("components")).getText()).contains("origin-primary");
  }

  /** The whole page, the window grown to its height first. */
  private static void photograph(ChromeDriver page, Path file) throws Exception {
    Dimension window = page.manage().window().getSize();
    long viewport = (Long) page.executeScript("return window.innerHeight;");
    long content = (Long) page.executeScript("return document.documentElement.scrollHeight;");
    page.manage().window().setSize(new Dimension(window.getWidth(),
        (int) (window.getHeight() + Math.max(0, content - viewport))));
    Files.createDirectories(file.getParent());
    Files.write(file, page.getScreenshotAs(OutputType.BYTES));
  }

  private static ConditionFactory wait(String what) {
    return await(what).atMost(WAIT).pollInterval(Duration.ofMillis(250))
        .ignoreExceptionsMatching(e -> e instanceof StaleElementReferenceException);
  }

  /** No stall, no wait that was not a seek, no fatal player error since event {@code from}. */
  private static void assertNoStallSince(ChromeDriver page, int from, String what) {
    List<Map<String, Object>> since = events(page, from);
    assertThat(since).as("the player's events during %s: %s", what, summary(since))
        .noneMatch(e -> e.get("type").equals("stall"))
        .noneMatch(e -> e.get("type").equals("waiting")
            && Boolean.FALSE.equals(e.get("seeking")))
        .noneMatch(e -> e.get("type").equals("hls-error") && Boolean.TRUE.equals(e.get("fatal")));
    assertThat(since).as("segments loaded during %s", what)
        .anyMatch(e -> e.get("type").equals("frag-loaded"));
  }

  private static String summary(List<Map<String, Object>> events) {
    return events.stream().map(e -> e.get("type") + (e.containsKey("details")
        ? "(" + e.get("details") + ")" : e.containsKey("origin") ? "(" + e.get("origin") + ")"
        : "")).collect(Collectors.joining(" "));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> events(ChromeDriver page, int from) {
    return (List<Map<String, Object>>) page.executeScript(
        "return (window.streamingLabEvents || []).slice(arguments[0]);", from);
  }

  private static double currentTime(ChromeDriver page) {
    return ((Number) page.executeScript("return document.querySelector('video').currentTime;"))
        .doubleValue();
  }

  // The page redraws its cards, overlay and timeline every second, so an element found one
  // moment may be gone the next: reads happen in one script, in one go.

  private static String overlay(ChromeDriver page, String field) {
    return (String) page.executeScript("const e = document.querySelector(arguments[0]);"
        + " return e ? e.innerText : '';", "#overlay [data-field='" + field + "']");
  }

  private static String card(ChromeDriver page, String origin) {
    String state = (String) page.executeScript("const e = document.querySelector(arguments[0]);"
        + " return e ? e.getAttribute('data-state') : null;",
        ".card[data-origin='" + origin + "']");
    return state == null ? "" : state;
  }

  @SuppressWarnings("unchecked")
  private static List<String> timeline(ChromeDriver page, String kind) {
    return (List<String>) page.executeScript("return Array.from(document.querySelectorAll("
        + "arguments[0])).map(e => e.innerText);", "#timeline li[data-kind='" + kind + "']");
  }

  /** Clicks a drill button as a person would, finding it again if a redraw replaced it. */
  private static void click(ChromeDriver page, String label) {
    await("the button " + label).atMost(Duration.ofSeconds(10))
        .ignoreExceptionsInstanceOf(StaleElementReferenceException.class).until(() -> {
          page.findElements(By.cssSelector("#controls button")).stream()
              .filter(b -> b.getText().equals(label)).findFirst()
              .orElseThrow(() -> new AssertionError("no button labelled " + label)).click();
          return true;
        });
  }

  /** Until the switcher serves a playlist of three segments from the built-in publisher. */
  private static void awaitPlaylist(String base) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    await("the switcher's playlist").atMost(WAIT).ignoreExceptions().until(() -> {
      HttpResponse<String> playlist = http.send(HttpRequest.newBuilder(
          URI.create(base + "/hls/index.m3u8")).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      return playlist.statusCode() == 200
          && playlist.body().lines().filter(l -> l.startsWith("#EXTINF")).count() >= 3;
    });
  }
}
