package io.streaminglab.mpegts;

import static io.streaminglab.mpegts.Fixtures.AAC;
import static io.streaminglab.mpegts.Fixtures.AVC;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ContinuityCounterTest {
  @Test
  void countsEachPesPidFromZeroAndEndsItAt15() {
    byte[] segment = Fixtures.typicalSegment(0, 1);

    for (int pid : List.of(TsSegmentWriter.VIDEO_PID, TsSegmentWriter.AUDIO_PID)) {
      List<Integer> counters = counters(segment, pid);
      assertThat(counters.size() % 16).as("packets on PID %d modulo 16", pid).isZero();
      for (int i = 0; i < counters.size(); i++) {
        assertThat(counters.get(i)).as("counter %d on PID %d", i, pid).isEqualTo(i % 16);
      }
    }
  }

  @Test
  void continuesAcrossAnyConcatenationOfSegments() {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    for (int seed = 0; seed < 6; seed++) {
      stream.writeBytes(Fixtures.typicalSegment(seed * 180_000L, seed * 13));
    }

    assertContinuous(stream.toByteArray());
  }

  @Test
  void padsEvenASegmentOfOneTinyKeyframeWithoutFlaggingADiscontinuity() {
    TsSegmentWriter writer = new TsSegmentWriter(TsStreams.videoOnly(AVC));
    byte[] au = Fixtures.avcc(new byte[] {0x65});
    writer.writeVideo(0, 0, true, au, 0, au.length);

    byte[] segment = writer.finish();

    assertThat(counters(segment, TsSegmentWriter.VIDEO_PID))
        .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    assertThat(TsDemux.packets(segment))
        .noneMatch(p -> p.pid() == TsSegmentWriter.VIDEO_PID && p.discontinuity());
  }

  @Test
  void spreadsAnEarlierPesWhenTheLastIsTooSmall() {
    TsSegmentWriter writer = new TsSegmentWriter(TsStreams.videoOnly(AVC));
    byte[] idr = Fixtures.idr(3_000, 1);
    byte[] tiny = Fixtures.avcc(new byte[] {0x41, (byte) 0x9A});
    writer.writeVideo(0, 0, true, idr, 0, idr.length);
    writer.writeVideo(3_600, 3_600, false, tiny, 0, tiny.length);

    List<TsDemux.Pes> video = TsDemux.pes(writer.finish(), TsSegmentWriter.VIDEO_PID);

    assertThat(video.get(0).packetCount() + video.get(1).packetCount()).isEqualTo(32);
    assertThat(video.get(1).payload()).as("the small PES is left as it is")
        .containsExactly(0, 0, 0, 1, 0x09, 0xF0 - 256, 0, 0, 0, 1, 0x41, 0x9A - 256);
  }

  @Test
  void offsetsAndFlagsAnAudioPidTooSmallToPad() {
    TsSegmentWriter writer = new TsSegmentWriter(Fixtures.BOTH);
    byte[] idr = Fixtures.idr(2_000, 1);
    writer.writeVideo(0, 0, true, idr, 0, idr.length);
    writer.writeAudio(0, new byte[] {0x21, 0x10, 0x04}, 0, 3);

    byte[] segment = writer.finish();

    List<TsDemux.Packet> audio = TsDemux.packets(segment).stream()
        .filter(p -> p.pid() == TsSegmentWriter.AUDIO_PID).toList();
    assertThat(audio).hasSize(1);
    assertThat(audio.get(0).continuityCounter()).isEqualTo(15);
    assertThat(audio.get(0).discontinuity()).isTrue();
    assertThat(counters(segment, TsSegmentWriter.VIDEO_PID)).hasSize(16).endsWith(15);
  }

  @Test
  void continuesAcrossSegmentsOfAnyFrameSizes() {
    Random random = new Random(42);
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    for (int round = 0; round < 300; round++) {
      TsSegmentWriter writer = new TsSegmentWriter(Fixtures.BOTH);
      int frames = 1 + random.nextInt(30);
      for (int f = 0; f < frames; f++) {
        byte[] au = Fixtures.avcc(Fixtures.nal(f == 0 ? 0x65 : 0x41, 1 + random.nextInt(700), f));
        writer.writeVideo(f * 3_600L, f * 3_600L, f == 0, au, 0, au.length);
        if (random.nextBoolean()) {
          // Nine bytes or more: enough for the audio PID to pad rather than fall back.
          int size = 9 + random.nextInt(400);
          writer.writeAudio(f * 3_600L, Fixtures.aacFrame(size, f), 0, size);
        }
      }
      stream.writeBytes(writer.finish());
    }

    assertContinuous(stream.toByteArray());
  }

  @Test
  void neverIncrementsOnAPacketWithoutPayload() {
    List<TsDemux.Packet> packets = TsDemux.packets(Fixtures.typicalSegment(0, 2));

    assertThat(packets).allMatch(TsDemux.Packet::hasPayload);
  }

  @Test
  void continuesAcrossSegmentsOfAudioAlone() {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    for (int segment = 0; segment < 3; segment++) {
      TsSegmentWriter writer = new TsSegmentWriter(TsStreams.audioOnly(AAC));
      for (int i = 0; i < 86; i++) {
        long pts = (segment * 86 + i) * 1024L * 90_000 / 44_100;
        writer.writeAudio(pts, Fixtures.aacFrame(150 + i, i), 0, 150 + i);
      }
      stream.writeBytes(writer.finish());
    }

    assertContinuous(stream.toByteArray());
  }

  /** What ffmpeg checks: +1 per payload packet on each PID, unless discontinuity is flagged. */
  static void assertContinuous(byte[] stream) {
    Map<Integer, Integer> last = new HashMap<>();
    List<TsDemux.Packet> packets = TsDemux.packets(stream);
    for (int i = 0; i < packets.size(); i++) {
      TsDemux.Packet packet = packets.get(i);
      Integer previous = last.put(packet.pid(), packet.continuityCounter());
      if (previous != null && !packet.discontinuity()) {
        assertThat(packet.continuityCounter()).as("counter of packet %d on PID %d", i, packet.pid())
            .isEqualTo((previous + 1) % 16);
      }
      if (packet.discontinuity()) {
        assertThat(packet.pid()).as("discontinuity only on PSI").isIn(0, 0x1000);
      }
    }
  }

  private static List<Integer> counters(byte[] segment, int pid) {
    List<Integer> counters = new ArrayList<>();
    for (TsDemux.Packet packet : TsDemux.packets(segment)) {
      if (packet.pid() == pid) {
        counters.add(packet.continuityCounter());
      }
    }
    return counters;
  }
}
