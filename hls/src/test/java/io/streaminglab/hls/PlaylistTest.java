package io.streaminglab.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlaylistTest {
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

  private static MediaPlaylist live() {
    return new MediaPlaylist(3, 2, 100, 1, true, false, List.of(
        new MediaSegment("seg-100.ts", 2.0, T0, false),
        new MediaSegment("seg-101.ts", 2.002, T0.plusMillis(2000), false),
        new MediaSegment("seg-102.ts", 1.5, T0.plusMillis(9000), true)));
  }

  @Test
  void theWriterProducesRfc8216TextWithADateTimeOnEverySegment() {
    assertThat(PlaylistWriter.write(live())).isEqualTo("""
        #EXTM3U
        #EXT-X-VERSION:3
        #EXT-X-TARGETDURATION:2
        #EXT-X-MEDIA-SEQUENCE:100
        #EXT-X-DISCONTINUITY-SEQUENCE:1
        #EXT-X-INDEPENDENT-SEGMENTS
        #EXT-X-PROGRAM-DATE-TIME:2026-11-24T10:00:00.000Z
        #EXTINF:2.000,
        seg-100.ts
        #EXT-X-PROGRAM-DATE-TIME:2026-11-24T10:00:02.000Z
        #EXTINF:2.002,
        seg-101.ts
        #EXT-X-DISCONTINUITY
        #EXT-X-PROGRAM-DATE-TIME:2026-11-24T10:00:09.000Z
        #EXTINF:1.500,
        seg-102.ts
        """);
  }

  @Test
  void whatTheWriterWritesTheParserReadsBack() throws Exception {
    assertThat(PlaylistParser.parse(PlaylistWriter.write(live()))).isEqualTo(live());
  }

  @Test
  void theParserReadsFfmpegsPlaylistsWithTheirOffsetsAndTitles() throws Exception {
    MediaPlaylist playlist = PlaylistParser.parse("""
        #EXTM3U\r
        #EXT-X-VERSION:3\r
        #EXT-X-TARGETDURATION:2\r
        #EXT-X-MEDIA-SEQUENCE:7\r
        #EXT-X-PROGRAM-DATE-TIME:2026-11-24T10:00:00.040+0000\r
        #EXTINF:2.000000,title\r
        index7.ts\r
        #EXT-X-PROGRAM-DATE-TIME:2026-11-24T12:00:02+02:00\r
        #EXTINF:2,\r
        index8.ts\r
        """);

    assertThat(playlist.mediaSequence()).isEqualTo(7);
    assertThat(playlist.segment(7).programDateTime()).isEqualTo(T0.plusMillis(40));
    assertThat(playlist.segment(8).programDateTime()).isEqualTo(T0.plusMillis(2000));
    assertThat(playlist.segment(8).uri()).isEqualTo("index8.ts");
    assertThat(playlist.lastSequence()).isEqualTo(8);
  }

  @Test
  void theDiscontinuitySequenceOfASegmentCountsTheDiscontinuitiesBeforeIt() {
    assertThat(live().discontinuitySequenceAt(0)).isEqualTo(1);
    assertThat(live().discontinuitySequenceAt(1)).isEqualTo(1);
    assertThat(live().discontinuitySequenceAt(2)).isEqualTo(2);
    MediaPlaylist firstIsDiscontinuous = new MediaPlaylist(3, 2, 5, 4, false, false,
        List.of(new MediaSegment("a.ts", 2, null, true), new MediaSegment("b.ts", 2, null, false)));
    assertThat(firstIsDiscontinuous.discontinuitySequenceAt(0)).isEqualTo(4);
    assertThat(firstIsDiscontinuous.discontinuitySequenceAt(1)).isEqualTo(4);
  }

  @Test
  void hostileOrBrokenPlaylistsAreRefusedWithTheLine() {
    assertThatThrownBy(() -> PlaylistParser.parse("<html>")).hasMessageContaining("#EXTM3U");
    assertThatThrownBy(() -> PlaylistParser.parse("#EXTM3U\n#EXTINF:2,\nx.ts\n"))
        .hasMessageContaining("no #EXT-X-TARGETDURATION");
    assertThatThrownBy(() -> PlaylistParser.parse("#EXTM3U\n#EXT-X-TARGETDURATION:x\n"))
        .hasMessageContaining("line 2");
    assertThatThrownBy(() -> PlaylistParser.parse("#EXTM3U\n#EXT-X-TARGETDURATION:2\nx.ts\n"))
        .hasMessageContaining("URI without #EXTINF");
    assertThatThrownBy(() -> PlaylistParser.parse(
        "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:NaN,\nx.ts\n")).hasMessageContaining("EXTINF");
    assertThatThrownBy(() -> PlaylistParser.parse(
        "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nlow.m3u8\n")).hasMessageContaining("master");
    assertThatThrownBy(() -> PlaylistParser.parse("#EXTM3U\n" + "#".repeat(PlaylistParser.MAX_LENGTH)))
        .hasMessageContaining("longer than");
  }

  @Test
  void aMapIsWrittenWhereItChangesAndAppliesToTheSegmentsAfterIt() throws Exception {
    MediaPlaylist fragmented = new MediaPlaylist(7, 2, 10, 0, true, false, List.of(
        new MediaSegment("seg-10.m4s", 2.0, T0, false, "init-a.mp4"),
        new MediaSegment("seg-11.m4s", 2.0, T0.plusMillis(2000), false, "init-a.mp4"),
        new MediaSegment("seg-12.m4s", 2.0, T0.plusMillis(9000), true, "init-b.mp4")));

    String text = PlaylistWriter.write(fragmented);

    assertThat(text).isEqualTo("""
        #EXTM3U
        #EXT-X-VERSION:7
        #EXT-X-TARGETDURATION:2
        #EXT-X-MEDIA-SEQUENCE:10
        #EXT-X-INDEPENDENT-SEGMENTS
        #EXT-X-MAP:URI="init-a.mp4"
        #EXT-X-PROGRAM-DATE-TIME:2026-11-24T10:00:00.000Z
        #EXTINF:2.000,
        seg-10.m4s
        #EXT-X-PROGRAM-DATE-TIME:2026-11-24T10:00:02.000Z
        #EXTINF:2.000,
        seg-11.m4s
        #EXT-X-DISCONTINUITY
        #EXT-X-MAP:URI="init-b.mp4"
        #EXT-X-PROGRAM-DATE-TIME:2026-11-24T10:00:09.000Z
        #EXTINF:2.000,
        seg-12.m4s
        """);
    assertThat(PlaylistParser.parse(text)).isEqualTo(fragmented);
  }

  @Test
  void aMapWithoutAUriOrGivenAsAByteRangeIsRefused() {
    String head = "#EXTM3U\n#EXT-X-TARGETDURATION:2\n";
    assertThatThrownBy(() -> PlaylistParser.parse(head + "#EXT-X-MAP:BYTERANGE=\"100@0\"\n"))
        .isInstanceOf(PlaylistFormatException.class).hasMessageContaining("no URI");
    assertThatThrownBy(() -> PlaylistParser.parse(
        head + "#EXT-X-MAP:URI=\"all.mp4\",BYTERANGE=\"100@0\"\n"))
        .isInstanceOf(PlaylistFormatException.class).hasMessageContaining("BYTERANGE");
    assertThatThrownBy(() -> PlaylistParser.parse(head + "#EXT-X-MAP:URI=\"init.mp4\n"))
        .isInstanceOf(PlaylistFormatException.class).hasMessageContaining("line 3");
    assertThatThrownBy(() -> new MediaSegment("a.m4s", 2, null, false, "in\"it.mp4"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void thePlaylistIsBoundedInSegments() {
    StringBuilder text = new StringBuilder("#EXTM3U\n#EXT-X-TARGETDURATION:2\n");
    for (int i = 0; i <= PlaylistParser.MAX_SEGMENTS; i++) {
      text.append("#EXTINF:2,\ns").append(i).append(".ts\n");
    }

    assertThatThrownBy(() -> PlaylistParser.parse(text.toString()))
        .isInstanceOf(PlaylistFormatException.class).hasMessageContaining("more than");
  }
}
