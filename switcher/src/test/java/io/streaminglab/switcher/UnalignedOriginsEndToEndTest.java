package io.streaminglab.switcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streaminglab.hls.MediaPlaylist;
import io.streaminglab.hls.MediaSegment;
import io.streaminglab.probe.ProbeReport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The switcher in front of origins it did not make alike ({@link UnalignedLab}): every fault of
 * the primary that must fail over does, the failover and the switch back splice by program
 * date-time and mark the discontinuities, and the player sees no stall, loss, repetition or
 * regression.
 */
class UnalignedOriginsEndToEndTest extends UnalignedLabFixture {
  private static final Duration WAIT = UnalignedLab.WAIT;

  /** The primary's faults that must make the switcher fail over, each with its repair. */
  enum Fault {
    ORIGIN_STOPPED,
    ANSWERS_5XX,
    HANGS,
    TRUNCATED_SEGMENTS,
    PACKAGER_STOPPED
  }

  private void inject(Fault fault) throws Exception {
    switch (fault) {
      case ORIGIN_STOPPED -> lab.primary.stop();
      case ANSWERS_5XX -> lab.primary.mode(FaultyOrigin.Mode.ERROR_5XX);
      case HANGS -> lab.primary.mode(FaultyOrigin.Mode.HANG);
      case TRUNCATED_SEGMENTS -> lab.primary.mode(FaultyOrigin.Mode.TRUNCATED_SEGMENTS);
      case PACKAGER_STOPPED -> lab.stopPackager();
    }
  }

  private void repair(Fault fault) throws Exception {
    switch (fault) {
      case ORIGIN_STOPPED -> lab.primary.start();
      case PACKAGER_STOPPED -> lab.startPackager();
      default -> lab.primary.mode(FaultyOrigin.Mode.NORMAL);
    }
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  void aFailoverToAnUnalignedOriginAndBackSplicesWithoutAStall(Fault fault) throws Exception {
    lab.awaitPrimaryFollowed();
    Switcher switcher = lab.switcher;
    MediaPlaylist before = switcher.view().playlist();
    long failovers = switcher.view().failovers();
    long switchbacks = switcher.view().switchbacks();
    CompletableFuture<ProbeReport> report = lab.play(Duration.ofSeconds(30));
    UnalignedLab.let(Duration.ofSeconds(6));
    inject(fault);
    await().atMost(Duration.ofSeconds(15))
        .until(() -> switcher.view().active() == Origin.BACKUP);
    await().atMost(WAIT).until(() -> switcher.view().line() == Origin.BACKUP);
    UnalignedLab.let(Duration.ofSeconds(5));
    repair(fault);
    await().atMost(WAIT).until(() -> switcher.view().line() == Origin.PRIMARY);
    ProbeReport result = report.get();

    CleanPlayback.assertViewerSawNothing(result);
    assertThat(result.discontinuities()).as(result.toJson()).isGreaterThanOrEqualTo(1);
    MediaPlaylist after = switcher.view().playlist();
    assertThat(after.mediaSequence()).isGreaterThan(before.mediaSequence());
    List<String> names = after.segments().stream().map(MediaSegment::uri).toList();
    assertThat(names).doesNotHaveDuplicates().allMatch(name -> name.startsWith("seg-"));
    assertThat(switcher.view().failovers()).isGreaterThan(failovers);
    assertThat(switcher.view().switchbacks()).isGreaterThan(switchbacks);
  }
}
