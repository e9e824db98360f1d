package io.streaminglab.ingest.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.streaminglab.ingest.IngestMetrics;
import io.streaminglab.media.amf0.Amf0Writer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
  void aPublisherClockInTheFirstOnMetaDataAnchorsTheSessionInsteadOfTheReceiveTime()
      throws Exception {
    Recorder reader = new Recorder();
    hub.subscribe("mystream", reader);
    Publication publication = hub.publish("mystream");
    long atZero = NOW.toEpochMilli() - 1234;

    publication.onFrame(metadata(Map.of("width", 1280.0,
        PublisherClock.PROPERTY, (double) atZero)));
    publication.onFrame(video(0, true));

    assertThat(reader.anchors).singleElement().satisfies(anchor -> {
      assertThat(anchor.wallClockAt(0)).isEqualTo(atZero);
      assertThat(anchor.wallClockAt(2000)).isEqualTo(atZero + 2000);
    });
  }

  @Test
  void twoHubsThatReceiveOnePublishAtDifferentMomentsAgreeOnItsAnchor() throws Exception {
    long atZero = NOW.toEpochMilli() - 500;
    List<ClockAnchor> anchors = new ArrayList<>();
    for (long receivedLate : new long[] {0, 40, 3000}) {
      StreamHub other = new StreamHub(Clock.fixed(NOW.plusMillis(receivedLate), ZoneOffset.UTC),
          new IngestMetrics(new PrometheusRegistry()), 10_000);
      Recorder reader = new Recorder();
      other.subscribe("mystream", reader);
      // ffmpeg -metadata writes the value as a string
      other.publish("mystream").onFrame(metadata(Map.of(PublisherClock.PROPERTY,
          Long.toString(atZero))));
      anchors.add(reader.anchors.get(0));
    }

    assertThat(anchors).extracting(anchor -> anchor.wallClockAt(4000))
        .containsOnly(atZero + 4000);
  }

  @Test
  void aPublisherClockTooFarFromTheIngestsIsIgnored() throws Exception {
    Recorder reader = new Recorder();
    hub.subscribe("mystream", reader);
    Publication publication = hub.publish("mystream");
    long wrong = NOW.toEpochMilli() - PublisherClock.MAX_SKEW.toMillis() - 1;

    publication.onFrame(metadata(Map.of(PublisherClock.PROPERTY, (double) wrong)));

    assertThat(reader.anchors.get(0).wallClockAt(0)).isEqualTo(NOW.toEpochMilli());
  }

  @Test
  void aHostileOrForeignFirstDataFrameFallsBackToTheReceiveTime() throws Exception {
    List<byte[]> bodies = List.of(new byte[] {0x02, 0x7f, 0x7f},
        Amf0Writer.encode("onTextData", Map.of(PublisherClock.PROPERTY, 1.0)),
        Amf0Writer.encode("onMetaData", Map.of(PublisherClock.PROPERTY, "12ab")),
        Amf0Writer.encode("onMetaData", Map.of(PublisherClock.PROPERTY, -5.0)),
        Amf0Writer.encode("onMetaData", Map.of(PublisherClock.PROPERTY, Double.NaN)),
        Amf0Writer.encode("onMetaData", "not an object"));
    for (byte[] body : bodies) {
      Recorder reader = new Recorder();
      hub.subscribe("hostile", reader);
      try (Publication publication = hub.publish("hostile")) {
        publication.onFrame(new MediaFrame(MediaFrame.Kind.DATA, 0, 0, 0, false, false, body));
      }
      assertThat(reader.anchors.get(0).wallClockAt(0)).isEqualTo(NOW.toEpochMilli());
    }
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

  private static MediaFrame metadata(Map<String, ?> properties) {
    return new MediaFrame(MediaFrame.Kind.DATA, 0, 0, 0, false, false,
        Amf0Writer.encode("onMetaData", properties));
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
