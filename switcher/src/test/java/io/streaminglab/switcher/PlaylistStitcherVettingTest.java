package io.streaminglab.switcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.streaminglab.hls.MediaPlaylist;
import io.streaminglab.hls.MediaSegment;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The stitcher with segments whose bytes are not all known whole: a segment only one origin
 * serves is published only once fetched whole, and a broken one on an unaligned origin is
 * replaced, after the failover, by the other origin's segment of that time.
 */
class PlaylistStitcherVettingTest {
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private static final URI[] BASES = {URI.create("http://127.0.0.1:8081/hls/index.m3u8"),
      URI.create("http://127.0.0.1:8082/hls/index.m3u8")};

  private final PlaylistStitcher stitcher = new PlaylistStitcher(6);
  /** The URIs whose bytes were fetched whole. */
  private final Set<URI> whole = new HashSet<>();

  /** An epoch-locked origin's window ending at {@code last}: seg-N.ts dated T0 + 2N s. */
  private static MediaPlaylist aligned(long last, int size) {
    List<MediaSegment> segments = new ArrayList<>();
    for (long n = last - size + 1; n <= last; n++) {
      segments.add(new MediaSegment("seg-" + n + ".ts", 2.0, T0.plusSeconds(2 * n), false));
    }
    return new MediaPlaylist(3, 2, last - size + 1, 0, true, false, segments);
  }

  /** Another origin's numbering and cut points: indexK.ts, 2 s, dated T0 + 2K s + offset. */
  private static MediaPlaylist unaligned(long firstK, int size, double offsetSeconds) {
    List<MediaSegment> segments = new ArrayList<>();
    for (long k = firstK; k < firstK + size; k++) {
      segments.add(new MediaSegment("index" + k + ".ts", 2.0,
          T0.plusMillis(Math.round((2 * k + offsetSeconds) * 1000)), false));
    }
    return new MediaPlaylist(3, 2, firstK, 0, true, false, segments);
  }

  private static URI primary(long n) {
    return BASES[0].resolve("seg-" + n + ".ts");
  }

  private static URI backup(long k) {
    return BASES[1].resolve("index" + k + ".ts");
  }

  private void wholeAll(MediaPlaylist playlist, Origin origin) {
    for (MediaSegment segment : playlist.segments()) {
      whole.add(BASES[origin.ordinal()].resolve(segment.uri()));
    }
  }

  private List<OutputSegment> update(Origin active, MediaPlaylist primary, MediaPlaylist backup) {
    return stitcher.update(active, new MediaPlaylist[] {primary, backup}, BASES,
        whole::contains);
  }

  private List<URI> awaiting() {
    return stitcher.awaiting().stream().map(OutputSegment.Source::uri).toList();
  }

  @Test
  void aSegmentOnlyOneOriginServesIsTakenOnlyOnceItsBytesAreWhole() {
    wholeAll(aligned(1005, 6), Origin.PRIMARY);
    update(Origin.PRIMARY, aligned(1005, 6), null);

    assertThat(update(Origin.PRIMARY, aligned(1007, 6), null)).isEmpty();
    assertThat(awaiting()).containsExactly(primary(1006), primary(1007));

    whole.add(primary(1006));
    assertThat(update(Origin.PRIMARY, aligned(1007, 6), null))
        .extracting(OutputSegment::sequence).containsExactly(1006L);
    assertThat(awaiting()).containsExactly(primary(1007));
  }

  @Test
  void theFirstWindowStopsAtTheFirstSegmentNotKnownWhole() {
    whole.add(primary(1000));
    whole.add(primary(1001));

    update(Origin.PRIMARY, aligned(1005, 6), null);

    assertThat(stitcher.playlist().segments()).extracting(MediaSegment::uri)
        .containsExactly("seg-1000.ts", "seg-1001.ts");
    assertThat(awaiting()).containsExactly(primary(1002), primary(1003), primary(1004),
        primary(1005));
  }

  @Test
  void segmentsBothAlignedOriginsServeNeedNoVetting() {
    update(Origin.PRIMARY, aligned(1005, 6), aligned(1005, 6));

    List<OutputSegment> added = update(Origin.PRIMARY, aligned(1006, 6), aligned(1006, 6));

    assertThat(added).extracting(OutputSegment::sequence).containsExactly(1006L);
    assertThat(stitcher.awaiting()).isEmpty();
  }

  @Test
  void aBrokenSegmentOfAnUnalignedPrimaryIsReplacedAfterTheFailoverByTheBackupsOfThatTime() {
    wholeAll(aligned(1005, 6), Origin.PRIMARY);
    update(Origin.PRIMARY, aligned(1005, 6), unaligned(1000, 6, 0.7));
    // seg-1006 comes back truncated however often it is fetched: the output waits for it.
    assertThat(update(Origin.PRIMARY, aligned(1006, 6), unaligned(1001, 6, 0.7))).isEmpty();

    // The policy fails over; until the backup's bytes are here, the output asks for them.
    assertThat(update(Origin.BACKUP, aligned(1006, 6), unaligned(1002, 6, 0.7))).isEmpty();
    assertThat(awaiting()).contains(backup(1006), backup(1007), primary(1006));
    wholeAll(unaligned(1002, 6, 0.7), Origin.BACKUP);
    List<OutputSegment> added = update(Origin.BACKUP, aligned(1006, 6),
        unaligned(1002, 6, 0.7));

    // The time seg-1006 held (2012 s to 2014 s) comes from the backup's segment starting
    // nearest its start, as a discontinuity; seg-1006 is never published.
    assertThat(added).extracting(OutputSegment::sequence).containsExactly(1006L, 1007L);
    assertThat(added.get(0).discontinuity()).isTrue();
    assertThat(added.get(0).sources()).extracting(OutputSegment.Source::uri)
        .containsExactly(backup(1006));
    assertThat(added.get(0).programDateTime()).isEqualTo(T0.plusMillis(2 * 1006 * 1000 + 700));
    assertThat(stitcher.playlist().segments()).extracting(MediaSegment::uri)
        .doesNotHaveDuplicates();
    assertThat(stitcher.playlist().segments()).filteredOn(MediaSegment::discontinuity)
        .hasSize(1);
  }
}
