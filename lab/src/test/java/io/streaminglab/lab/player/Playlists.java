package io.streaminglab.lab.player;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.awaitility.core.ConditionTimeoutException;

/** Waiting for a lab to serve something worth playing. */
final class Playlists {
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  private Playlists() {}

  /** Until {@code playlist} answers 200 with at least {@code segments} segments. */
  static void awaitSegments(URI playlist, int segments, Duration atMost) {
    await(segments + " segments at " + playlist).atMost(atMost).ignoreExceptions().until(() -> {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(playlist)
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200
          && response.body().lines().filter(l -> l.startsWith("#EXTINF")).count() >= segments;
    });
  }

  /**
   * Waits until {@code a} and {@code b} answer with the same playlist, byte for byte, when
   * fetched one right after the other (a new segment can reach one a moment before the other);
   * on a timeout, fails with both texts.
   */
  static void awaitSame(URI a, URI b, Duration atMost) {
    String[] last = new String[2];
    try {
      await("the same playlist at " + a + " and " + b).atMost(atMost)
          .pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            last[0] = text(a);
            last[1] = text(b);
            return last[0].equals(last[1]);
          });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("The switchers serve different playlists:\n" + a + ":\n" + last[0]
          + "\n" + b + ":\n" + last[1], e);
    }
  }

  private static String text(URI playlist) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(playlist)
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(playlist + " answered " + response.statusCode());
    }
    return response.body();
  }
}
