package io.streaminglab.lab.statuspage;

import io.streaminglab.testkit.ExternalTool;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver: no browser download, no
 * Selenium Manager, a fresh profile that is deleted on close, and none of Chromium's own
 * background connections (the machine's network is closed to them).
 */
public final class HeadlessChromium implements AutoCloseable {
  private final Path profile;
  private final ChromeDriver driver;

  private HeadlessChromium(Path profile, ChromeDriver driver) {
    this.profile = profile;
    this.driver = driver;
  }

  /** Starts Chromium, or fails (CI) or skips (elsewhere) the test when it is not installed. */
  public static HeadlessChromium start(int width, int height) throws IOException {
    String chromium = ExternalTool.CHROMIUM.require();
    String chromedriver = ExternalTool.CHROMEDRIVER.require();
    Path profile = Files.createTempDirectory("streaming-lab-chromium");
    ChromeOptions options = new ChromeOptions().setBinary(chromium).addArguments(
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--mute-audio", "--user-data-dir=" + profile,
        "--window-size=" + width + "," + height);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(chromedriver)).usingAnyFreePort().build();
    try {
      return new HeadlessChromium(profile, new ChromeDriver(service, options));
    } catch (RuntimeException e) {
      delete(profile);
      throw e;
    }
  }

  public ChromeDriver driver() {
    return driver;
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      delete(profile);
    }
  }

  private static void delete(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
