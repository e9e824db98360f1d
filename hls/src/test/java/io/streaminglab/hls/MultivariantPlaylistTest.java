package io.streaminglab.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MultivariantPlaylistTest {
  private static final VariantStream PRIMARY = new VariantStream(
      "http://127.0.0.1:8080/hls/index.m3u8", 1_200_000L, 900_000L, "640x360",
      "avc1.64001e,mp4a.40.2", 25.0, "primary");

  @Test
  void writesRedundantVariantsWithSteering() {
    MultivariantPlaylist playlist = new MultivariantPlaylist(3, true,
        new ContentSteering("steering.json", "primary"),
        List.of(PRIMARY, PRIMARY.at("http://127.0.0.1:8083/hls/index.m3u8", "backup")));

    assertThat(MultivariantWriter.write(playlist)).isEqualTo("#EXTM3U\n"
        + "#EXT-X-VERSION:3\n"
        + "#EXT-X-INDEPENDENT-SEGMENTS\n"
        + "#EXT-X-CONTENT-STEERING:SERVER-URI=\"steering.json\",PATHWAY-ID=\"primary\"\n"
        + "#EXT-X-STREAM-INF:BANDWIDTH=1200000,AVERAGE-BANDWIDTH=900000,RESOLUTION=640x360,"
        + "FRAME-RATE=25.000,CODECS=\"avc1.64001e,mp4a.40.2\",PATHWAY-ID=\"primary\"\n"
        + "http://127.0.0.1:8080/hls/index.m3u8\n"
        + "#EXT-X-STREAM-INF:BANDWIDTH=1200000,AVERAGE-BANDWIDTH=900000,RESOLUTION=640x360,"
        + "FRAME-RATE=25.000,CODECS=\"avc1.64001e,mp4a.40.2\",PATHWAY-ID=\"backup\"\n"
        + "http://127.0.0.1:8083/hls/index.m3u8\n");
  }

  @Test
  void parsesWhatItWrites() throws Exception {
    MultivariantPlaylist playlist = new MultivariantPlaylist(3, true,
        new ContentSteering("steering.json", "primary"),
        List.of(PRIMARY, PRIMARY.at("b/index.m3u8", "backup")));

    assertThat(MultivariantParser.parse(MultivariantWriter.write(playlist)))
        .isEqualTo(playlist);
  }

  @Test
  void readsAPlaylistOfAnotherWriterWithRenditionsAndUnknownAttributes() throws Exception {
    MultivariantPlaylist playlist = MultivariantParser.parse("#EXTM3U\r\n"
        + "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aud\",NAME=\"en\",URI=\"a.m3u8\"\r\n"
        + "#EXT-X-STREAM-INF:PROGRAM-ID=1,BANDWIDTH=800000,AUDIO=\"aud\"\r\n"
        + "low/index.m3u8\r\n");

    assertThat(playlist.variants()).containsExactly(
        new VariantStream("low/index.m3u8", 800_000, null, null, null, null, null));
    assertThat(playlist.steering()).isNull();
  }

  @Test
  void refusesAMediaPlaylist() {
    assertThatThrownBy(() -> MultivariantParser.parse("#EXTM3U\n#EXT-X-TARGETDURATION:2\n"))
        .isInstanceOf(PlaylistFormatException.class).hasMessageContaining("media playlist");
  }

  @Test
  void refusesAVariantWithoutBandwidthOrUri() {
    assertThatThrownBy(() -> MultivariantParser.parse(
        "#EXTM3U\n#EXT-X-STREAM-INF:RESOLUTION=1x1\nx.m3u8\n"))
        .isInstanceOf(PlaylistFormatException.class).hasMessageContaining("BANDWIDTH");
    assertThatThrownBy(() -> MultivariantParser.parse(
        "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n"))
        .isInstanceOf(PlaylistFormatException.class).hasMessageContaining("no URI");
  }

  @Test
  void refusesUnterminatedQuotesAndHugeAttributeLists() {
    assertThatThrownBy(() -> MultivariantParser.parse(
        "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,CODECS=\"avc1\nx.m3u8\n"))
        .isInstanceOf(PlaylistFormatException.class).hasMessageContaining("unterminated");
    StringBuilder many = new StringBuilder("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1");
    for (int i = 0; i < 100; i++) {
      many.append(",X").append(i).append("=1");
    }
    assertThatThrownBy(() -> MultivariantParser.parse(many + "\nx.m3u8\n"))
        .isInstanceOf(PlaylistFormatException.class).hasMessageContaining("attributes");
  }
}
