package io.streaminglab.ingest.rtmp;

import static io.streaminglab.ingest.rtmp.EmbeddedRtmpSession.code;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.streaminglab.ingest.IngestConfig;
import io.streaminglab.ingest.IngestMetrics;
import io.streaminglab.ingest.hub.ClockAnchor;
import io.streaminglab.ingest.hub.StreamHub;
import io.streaminglab.media.amf0.Amf0Reader;
import io.streaminglab.media.amf0.Amf0Writer;
import io.streaminglab.rtmp.message.ChunkStreams;
import io.streaminglab.rtmp.message.Command;
import io.streaminglab.rtmp.message.MessageType;
import io.streaminglab.rtmp.message.RtmpMessage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RtmpIngestHandlerTest {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final IngestMetrics metrics = new IngestMetrics(registry);
  private final StreamHub hub = new StreamHub(
      Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC), metrics, 1 << 20);
  private final IngestConfig config = IngestConfig.defaults();

  @Test
  void connectIsAnsweredWithWindowBandwidthChunkSizeAndSuccess() {
    EmbeddedRtmpSession session = new EmbeddedRtmpSession(hub, config, metrics);

    session.connect("live");

    List<RtmpMessage> answers = session.received();
    assertThat(answers).extracting(RtmpMessage::typeId).containsExactly(
        MessageType.WINDOW_ACK_SIZE, MessageType.SET_PEER_BANDWIDTH, MessageType.SET_CHUNK_SIZE,
        MessageType.COMMAND_AMF0);
    Command result = Command.decode(answers.get(3));
    assertThat(result.name()).isEqualTo("_result");
    assertThat(result.transactionId()).isEqualTo(1.0);
    assertThat(code(result)).isEqualTo("NetConnection.Connect.Success");
  }

  @Test
  void createStreamAnswersAStreamId() {
    EmbeddedRtmpSession session = new EmbeddedRtmpSession(hub, config, metrics);
    session.connect("live");
    session.received();

    session.createStream();

    Command result = session.receivedCommands().get(0);
    assertThat(result.name()).isEqualTo("_result");
    assertThat(result.arguments()).containsExactly(1.0);
  }

  @Test
  void publishTakesThePathThatJoinsAppAndName() {
    EmbeddedRtmpSession session = new EmbeddedRtmpSession(hub, config, metrics);

    List<Command> answers = session.startPublishing("live", "mystream?foo=bar");

    assertThat(code(answers.get(answers.size() - 1))).isEqualTo("NetStream.Publish.Start");
    assertThat(hub.isPublishing("live/mystream")).isTrue();
  }

  @Test
  void aSecondPublisherOnABusyPathIsRefusedAndTheFirstGoesOn() {
    EmbeddedRtmpSession first = new EmbeddedRtmpSession(hub, config, metrics);
    first.startPublishing("mystream", "");
    EmbeddedRtmpSession second = new EmbeddedRtmpSession(hub, config, metrics);

    List<Command> answers = second.startPublishing("mystream", "");

    assertThat(code(answers.get(answers.size() - 1))).isEqualTo("NetStream.Publish.BadName");
    assertThat(second.server.isOpen()).isFalse();
    assertThat(first.server.isOpen()).isTrue();
    assertThat(hub.isPublishing("mystream")).isTrue();
    assertThat(MetricsText.of(registry)).contains("ingest_refused_sessions_total{ingest=\"ingest\",reason=\"busy_path\"} 1.0");
  }

  @Test
  void withAPublishKeyOnlyAPublisherGivingItIsAccepted() {
    IngestConfig keyed = config.withPublishKey("s3cret");
    EmbeddedRtmpSession without = new EmbeddedRtmpSession(hub, keyed, metrics);
    EmbeddedRtmpSession wrong = new EmbeddedRtmpSession(hub, keyed, metrics);
    EmbeddedRtmpSession right = new EmbeddedRtmpSession(hub, keyed, metrics);

    List<Command> refused = without.startPublishing("live", "mystream");
    List<Command> refusedToo = wrong.startPublishing("live", "mystream?key=guess");
    List<Command> accepted = right.startPublishing("live?key=s3cret", "mystream");

    assertThat(code(refused.get(refused.size() - 1))).isEqualTo("NetStream.Publish.Denied");
    assertThat(code(refusedToo.get(refusedToo.size() - 1))).isEqualTo("NetStream.Publish.Denied");
    assertThat(code(accepted.get(accepted.size() - 1))).isEqualTo("NetStream.Publish.Start");
    assertThat(without.server.isOpen()).isFalse();
    assertThat(right.server.isOpen()).isTrue();
  }

  @Test
  void aPlayerThatJoinsMidStreamStartsWithTheAnchorHeadersAndTheLastKeyframe() {
    EmbeddedRtmpSession publisher = new EmbeddedRtmpSession(hub, config, metrics);
    publisher.startPublishing("live", "mystream");
    publisher.send(metadata());
    publisher.send(Frames.avcSequenceHeader());
    publisher.send(Frames.aacSequenceHeader());
    publisher.send(Frames.keyframe(1000));
    publisher.send(Frames.interframe(1040));
    publisher.send(Frames.keyframe(3000));
    publisher.send(Frames.aacFrame(3010));
    publisher.send(Frames.interframe(3040));

    EmbeddedRtmpSession player = new EmbeddedRtmpSession(hub, config, metrics);
    player.connect("live");
    player.createStream();
    player.received();
    player.play("mystream");
    List<RtmpMessage> received = player.received();

    List<RtmpMessage> media = received.stream()
        .filter(m -> m.typeId() == MessageType.VIDEO || m.typeId() == MessageType.AUDIO
            || m.typeId() == MessageType.DATA_AMF0)
        .toList();
    // |RtmpSampleAccess, the clock anchor, the metadata, two sequence headers, then the GOP.
    assertThat(media).extracting(RtmpMessage::timestamp)
        .containsExactly(0L, 0L, 0L, 0L, 0L, 3000L, 3010L, 3040L);
    List<Object> anchorMessage = new Amf0Reader(media.get(1).payload()).readAll();
    assertThat(anchorMessage.get(0)).isEqualTo("onMetaData");
    ClockAnchor anchor = ClockAnchor.fromAmf0(anchorMessage.get(1));
    assertThat(anchor).isNotNull();
    assertThat(anchor.wallClockMillis())
        .isEqualTo(Instant.parse("2026-11-24T10:00:00Z").toEpochMilli());
    assertThat(new Amf0Reader(media.get(2).payload()).readAll().get(0)).isEqualTo("onMetaData");
    assertThat(media.get(5).payload()[0]).isEqualTo((byte) 0x17);

    publisher.send(Frames.interframe(3080));
    assertThat(player.received()).extracting(RtmpMessage::timestamp).containsExactly(3080L);
  }

  @Test
  void aPublisherThatLeavesEndsThePlaySessionAndAReconnectStartsANewOne() {
    EmbeddedRtmpSession player = new EmbeddedRtmpSession(hub, config, metrics);
    player.connect("live");
    player.createStream();
    player.play("mystream");
    player.received();

    EmbeddedRtmpSession publisher = new EmbeddedRtmpSession(hub, config, metrics);
    publisher.startPublishing("live", "mystream");
    publisher.send(Frames.keyframe(0));
    long firstSession = anchorOf(player.received());
    publisher.server.close();
    List<Command> ended = player.receivedCommands();
    EmbeddedRtmpSession again = new EmbeddedRtmpSession(hub, config, metrics);
    again.startPublishing("live", "mystream");
    again.send(Frames.keyframe(0));
    List<RtmpMessage> restarted = player.received();

    assertThat(ended).extracting(EmbeddedRtmpSession::code)
        .containsExactly("NetStream.Play.UnpublishNotify");
    assertThat(anchorOf(restarted)).isGreaterThan(firstSession);
  }

  @Test
  void aMalformedCommandClosesOnlyItsOwnSession() {
    EmbeddedRtmpSession publisher = new EmbeddedRtmpSession(hub, config, metrics);
    publisher.startPublishing("live", "mystream");
    EmbeddedRtmpSession broken = new EmbeddedRtmpSession(hub, config, metrics);

    broken.send(new RtmpMessage(ChunkStreams.COMMAND, MessageType.COMMAND_AMF0, 0, 0,
        new byte[] {2, 0, 50, 'c'}));

    assertThat(broken.server.isOpen()).isFalse();
    assertThat(publisher.server.isOpen()).isTrue();
    assertThat(hub.isPublishing("live/mystream")).isTrue();
  }

  @Test
  void anUnknownMessageTypeClosesOnlyItsOwnSession() {
    EmbeddedRtmpSession publisher = new EmbeddedRtmpSession(hub, config, metrics);
    publisher.startPublishing("live", "mystream");
    EmbeddedRtmpSession odd = new EmbeddedRtmpSession(hub, config, metrics);
    odd.connect("live");

    odd.send(new RtmpMessage(ChunkStreams.COMMAND, 23, 0, 0, new byte[] {1, 2, 3}));

    assertThat(odd.server.isOpen()).isFalse();
    assertThat(publisher.server.isOpen()).isTrue();
    assertThat(MetricsText.of(registry))
        .contains("ingest_dropped_sessions_total{ingest=\"ingest\",reason=\"protocol_error\"} 1.0");
  }

  @Test
  void aPlayerThatStopsReadingSkipsToKeyframesAndIsThenDisconnected() {
    IngestConfig small = config.withPlayerQueueBytes(2048);
    EmbeddedRtmpSession publisher = new EmbeddedRtmpSession(hub, small, metrics);
    publisher.startPublishing("live", "mystream");
    EmbeddedRtmpSession player = new EmbeddedRtmpSession(hub, small, metrics,
        new NeverCompletingWrites());
    player.connect("live");
    player.createStream();
    player.play("mystream");

    byte[] big = new byte[1000];
    big[0] = 0x27;
    big[1] = 1;
    publisher.send(Frames.keyframe(0));
    for (int n = 1; n <= 400 && player.server.isOpen(); n++) {
      publisher.send(Frames.video(n * 40L, big));
    }

    assertThat(player.server.isOpen()).isFalse();
    assertThat(publisher.server.isOpen()).isTrue();
    String metricsText = MetricsText.of(registry);
    assertThat(metricsText).contains("ingest_dropped_sessions_total{ingest=\"ingest\",reason=\"slow_player\"} 1.0");
    assertThat(metricsText).containsPattern("ingest_dropped_frames_total\\{ingest=\"ingest\",path=\"live/mystream\"} [1-9]");
  }

  private static long anchorOf(List<RtmpMessage> messages) {
    for (RtmpMessage message : messages) {
      if (message.typeId() == MessageType.DATA_AMF0) {
        List<Object> values = new Amf0Reader(message.payload()).readAll();
        ClockAnchor anchor = values.size() > 1 ? ClockAnchor.fromAmf0(values.get(1)) : null;
        if (anchor != null) {
          return anchor.session();
        }
      }
    }
    throw new AssertionError("no clock anchor among " + messages);
  }

  private static RtmpMessage metadata() {
    return new RtmpMessage(ChunkStreams.DATA, MessageType.DATA_AMF0, 0, 1, Amf0Writer.encode(
        "@setDataFrame", "onMetaData", Map.of("width", 320.0, "height", 240.0)));
  }

  /** Holds every write forever, like a player that stopped reading its socket. */
  private static final class NeverCompletingWrites extends ChannelOutboundHandlerAdapter {
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      io.netty.util.ReferenceCountUtil.release(msg);
    }
  }
}
