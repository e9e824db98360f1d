package io.streaminglab.lab.player;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

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
}
