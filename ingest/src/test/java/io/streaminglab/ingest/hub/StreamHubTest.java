package io.streaminglab.ingest.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.streaminglab.ingest.IngestMetrics;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamHubTest {
  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

  private final StreamHub hub = new StreamHub(Clock.fixed(NOW, ZoneOffset.UTC),
      new IngestMetrics(new PrometheusRegistry()), 10_000);

  @Test
  void aBusyPathRefusesASecondPublisherUntilTheFirstLeaves() throws Exception {
    Publication first = hub.publish("mystream");

    assertThatThrownBy(() -> hub.publish("mystream")).isInstanceOf(PathBusyException.class)
        .hasMessageContaining("'mystream' already has a publisher");
    first.close();

    assertThat(hub.publish("mystream").session()).isGreaterThan(first.session());
  }

  @Test
  void theFirstFrameAnchorsTheSessionToTheWallClock() throws Exception {
    Recorder reader = new Recorder();
    hub.subscribe("mystream", reader);
    Publication publication = hub.publish("mystream");

    publication.onFrame(video(5000, true));

    assertThat(reader.anchors).hasSize(1);
    ClockAnchor anchor = reader.anchors.get(0);
    assertThat(anchor.session()).isEqualTo(publication.session());
    assertThat(anchor.wallClockAt(7000)).isEqualTo(NOW.toEpochMilli() + 2000);
  }

  @Test
  void aLateReaderGetsTheHeadersAndTheFramesFromTheLastKeyframe() throws Exception {
    Publication publication = hub.publish("mystream");
    publication.onFrame(new MediaFrame(MediaFrame.Kind.VIDEO, 0, 0, 0, true, true, new byte[4]));
    publication.onFrame(video(0, true));
    publication.onFrame(video(40, false));
    publication.onFrame(video(2000, true));
    publication.onFrame(audio(2010));
    publication.onFrame(video(2040, false));

    Recorder late = new Recorder();
    hub.subscribe("mystream", late);

    assertThat(late.anchors).hasSize(1);
    assertThat(late.frames).extracting(MediaFrame::timestamp)
        .containsExactly(0L, 2000L, 2010L, 2040L);
    assertThat(late.frames.get(0).sequenceHeader()).isTrue();
  }

  @Test
  void aGopLargerThanTheCacheIsNotReplayedInPart() throws Exception {
    Publication publication = hub.publish("mystream");
    publication.onFrame(video(0, true));
    for (int i = 1; i <= 20; i++) {
      publication.onFrame(new MediaFrame(MediaFrame.Kind.VIDEO, i * 40L, i * 40L, 0, false,
          false, new byte[1000]));
    }

    Recorder late = new Recorder();
    hub.subscribe("mystream", late);

    assertThat(late.frames).isEmpty();
    publication.onFrame(video(2000, true));
    assertThat(late.frames).extracting(MediaFrame::timestamp).containsExactly(2000L);
  }

  @Test
  void readersSeeTheEndOfASessionAndTheStartOfTheNext() throws Exception {
    Recorder reader = new Recorder();
    hub.subscribe("mystream", reader);
    Publication first = hub.publish("mystream");
    first.onFrame(video(0, true));
    first.close();
    Publication second = hub.publish("mystream");
    second.onFrame(video(0, true));

    assertThat(reader.events).containsExactly("start", "frame", "end", "start", "frame");
    assertThat(reader.anchors.get(1).session()).isGreaterThan(reader.anchors.get(0).session());
  }

  @Test
  void aPathWithNoPublisherAndNoReaderIsForgotten() throws Exception {
    Subscription subscription = hub.subscribe("a", new Recorder());
    Publication publication = hub.publish("b");
    assertThat(hub.paths()).containsExactly("a", "b");

    subscription.close();
    publication.close();

    assertThat(hub.paths()).isEmpty();
  }

  @Test
  void timestampsKeepRisingThroughThe32BitWrap() throws Exception {
    Publication publication = hub.publish("mystream");

    assertThat(publication.unwrap(0xFFFFFF00L)).isEqualTo(0xFFFFFF00L);
    assertThat(publication.unwrap(0xFFFFFFF0L)).isEqualTo(0xFFFFFFF0L);
    assertThat(publication.unwrap(0x10L)).isEqualTo(0x100000010L);
    // audio slightly behind video across the wrap is not a second wrap
    assertThat(publication.unwrap(0xFFFFFFF8L)).isEqualTo(0xFFFFFFF8L);
    assertThat(publication.unwrap(0x20L)).isEqualTo(0x100000020L);
  }

  private static MediaFrame video(long timestamp, boolean keyframe) {
    return new MediaFrame(MediaFrame.Kind.VIDEO, timestamp, timestamp, 0, keyframe, false,
        new byte[10]);
  }

  private static MediaFrame audio(long timestamp) {
    return new MediaFrame(MediaFrame.Kind.AUDIO, timestamp, timestamp, 0, false, false,
        new byte[10]);
  }

  private static final class Recorder implements StreamReader {
    final List<ClockAnchor> anchors = new ArrayList<>();
    final List<MediaFrame> frames = new ArrayList<>();
    final List<String> events = new ArrayList<>();

    @Override
    public void onSessionStart(ClockAnchor anchor) {
      anchors.add(anchor);
      events.add("start");
    }

    @Override
    public void onFrame(MediaFrame frame) {
      frames.add(frame);
      events.add("frame");
    }

    @Override
    public void onSessionEnd() {
      events.add("end");
    }
  }
}
