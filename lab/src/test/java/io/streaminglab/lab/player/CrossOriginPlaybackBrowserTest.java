package io.streaminglab.lab.player;

import static org.assertj.core.api.Assertions.assertThat;

import io.streaminglab.lab.Lab;
import io.streaminglab.lab.LabSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hls.js on a page of another origin plays the switcher: CORS lets every request through. */
class CrossOriginPlaybackBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir
  Path dir;

  private Lab lab;
  private CrossOriginPlayer player;

  @AfterEach
  void stop() throws Exception {
    if (player != null) {
      player.close();
    }
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void aPageOnAnotherOriginPlaysTheSwitchersMediaPlaylist() throws Exception {
    player = CrossOriginPlayer.start();
    lab = Lab.start(LabSettings.ephemeral(dir).withPublisher(true));

    URI playlist = URI.create("http://127.0.0.1:" + lab.httpPort() + "/hls/index.m3u8");
    Playlists.awaitSegments(playlist, 3, WAIT);

    player.play(playlist);

    player.awaitPlayedTo(10, WAIT);
    assertThat(player.hlsVersion()).startsWith("1.7.");
    PlayerEvidence.assertInvisible(player.events(0), "ten seconds of playback");
  }
}
