package io.streaminglab.mpegts;

import static io.streaminglab.mpegts.Fixtures.AAC;
import static io.streaminglab.mpegts.Fixtures.AVC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TsSegmentWriterTest {
  @Test
  void writesTheSameBytesForTheSameFrames() {
    assertThat(Fixtures.typicalSegment(900_000, 7)).isEqualTo(Fixtures.typicalSegment(900_000, 7));
  }

  @Test
  void writesTheSameBytesWhateverEachPackagerWroteBefore() {
    // Primary has been running for a while; backup has just started.
    List<byte[]> primary = List.of(
        Fixtures.typicalSegment(0, 1), Fixtures.typicalSegment(180_000, 2),
        Fixtures.typicalSegment(360_000, 3));
    byte[] backup = Fixtures.typicalSegment(360_000, 3);

    assertThat(backup).isEqualTo(primary.get(2));
  }

  @Test
  void writesWholePacketsThatEachStartWithTheSyncByte() {
    for (int seed = 0; seed < 20; seed++) {
      byte[] segment = Fixtures.typicalSegment(seed * 123_457L, seed);

      assertThat(segment.length % 188).isZero();
      for (int at = 0; at < segment.length; at += 188) {
        assertThat(segment[at]).as("byte %d of seed %d", at, seed).isEqualTo((byte) 0x47);
      }
    }
  }

  @Test
  void stuffsOnlyInAdaptationFieldsWithFfBytes() {
    List<TsDemux.Packet> packets = TsDemux.packets(Fixtures.typicalSegment(0, 4));

    for (TsDemux.Packet packet : packets) {
      for (byte b : packet.stuffing()) {
        assertThat(b).isEqualTo((byte) 0xFF);
      }
    }
    assertThat(packets).filteredOn(p -> p.stuffing().length > 0).isNotEmpty();
  }

  @Test
  void carriesEveryAccessUnitIntactInItsPes() {
    TsSegmentWriter writer = new TsSegmentWriter(TsStreams.videoOnly(AVC));
    byte[] idr = Fixtures.idr(5_000, 9);
    byte[] inter = Fixtures.inter(700, 3);
    writer.writeVideo(0, 7_200, true, idr, 0, idr.length);
    writer.writeVideo(3_600, 3_600, false, inter, 0, inter.length);

    List<TsDemux.Pes> video = TsDemux.pes(writer.finish(), TsSegmentWriter.VIDEO_PID);

    assertThat(video).hasSize(2);
    assertThat(video.get(0).declaredLength()).isZero();
    assertThat(video.get(0).hasDts()).isTrue();
    assertThat(video.get(1).hasDts()).isFalse();
    byte[] last = video.get(1).payload();
    assertThat(last).endsWith(Arrays.copyOfRange(inter, 4, inter.length));
  }

  @Test
  void carriesEveryFrameIntactWhateverItsSize() {
    Random random = new Random(7);
    for (int round = 0; round < 100; round++) {
      TsSegmentWriter writer = new TsSegmentWriter(Fixtures.BOTH);
      ByteArrayOutputStream expectedVideo = new ByteArrayOutputStream();
      ByteArrayOutputStream expectedAudio = new ByteArrayOutputStream();
      for (int f = 0; f < 1 + random.nextInt(20); f++) {
        byte[] au = Fixtures.avcc(Fixtures.nal(f == 0 ? 0x65 : 0x41, 1 + random.nextInt(1_200), f));
        writer.writeVideo(f * 3_600L, f * 3_600L, f == 0, au, 0, au.length);
        expectedVideo.writeBytes(AnnexBAccessUnit.of(AVC, f == 0, au, 0, au.length));
        int size = random.nextInt(600);
        writer.writeAudio(f * 3_600L, Fixtures.aacFrame(size, f), 0, size);
        expectedAudio.writeBytes(AAC.adtsHeader(size));
        expectedAudio.writeBytes(Fixtures.aacFrame(size, f));
      }

      byte[] segment = writer.finish();

      assertThat(payloads(segment, TsSegmentWriter.VIDEO_PID))
          .isEqualTo(expectedVideo.toByteArray());
      assertThat(payloads(segment, TsSegmentWriter.AUDIO_PID))
          .isEqualTo(expectedAudio.toByteArray());
    }
  }

  @Test
  void groupsAacFramesIntoPesOfAtMostATenthOfASecondWithAdtsHeaders() {
    TsSegmentWriter writer = new TsSegmentWriter(TsStreams.audioOnly(AAC));
    for (int i = 0; i < 10; i++) {
      // FLV timestamps are whole milliseconds.
      long pts = (i * 1024L * 1000 / 44_100) * 90;
      writer.writeAudio(pts, Fixtures.aacFrame(200, i), 0, 200);
    }

    List<TsDemux.Pes> audio = TsDemux.pes(writer.finish(), TsSegmentWriter.AUDIO_PID);

    assertThat(audio).extracting(pes -> pes.payload().length / 207).containsExactly(4, 4, 2);
    assertThat(audio).extracting(TsDemux.Pes::pts).containsExactly(0L, 92 * 90L, 185 * 90L);
    for (TsDemux.Pes pes : audio) {
      assertThat(pes.streamId()).isEqualTo(0xC0);
      assertThat(pes.hasDts()).isFalse();
      assertThat(pes.declaredLength()).isEqualTo(3 + 5 + pes.payload().length);
      byte[] payload = pes.payload();
      for (int at = 0; at < payload.length; at += 207) {
        assertThat(Arrays.copyOfRange(payload, at, at + 7)).isEqualTo(AAC.adtsHeader(200));
      }
    }
  }

  @Test
  void startsANewAudioPesAfterAGap() {
    TsSegmentWriter writer = new TsSegmentWriter(TsStreams.audioOnly(AAC));
    writer.writeAudio(0, Fixtures.aacFrame(100, 1), 0, 100);
    writer.writeAudio(9_000, Fixtures.aacFrame(100, 2), 0, 100);

    assertThat(TsDemux.pes(writer.finish(), TsSegmentWriter.AUDIO_PID)).hasSize(2);
  }

  @Test
  void placesAnAudioPesWhereItsFirstFrameWasWritten() {
    TsSegmentWriter writer = new TsSegmentWriter(Fixtures.BOTH);
    byte[] idr = Fixtures.idr(1_000, 1);
    byte[] inter = Fixtures.inter(500, 2);
    writer.writeAudio(0, Fixtures.aacFrame(100, 1), 0, 100);
    writer.writeVideo(0, 0, true, idr, 0, idr.length);
    writer.writeAudio(2_090, Fixtures.aacFrame(100, 2), 0, 100);
    writer.writeVideo(3_600, 3_600, false, inter, 0, inter.length);

    assertThat(TsDemux.pes(writer.finish())).extracting(TsDemux.Pes::pid).containsExactly(
        TsSegmentWriter.AUDIO_PID, TsSegmentWriter.VIDEO_PID, TsSegmentWriter.VIDEO_PID);
  }

  @Test
  void rejectsASegmentWhoseFirstAccessUnitIsNotAKeyframe() {
    TsSegmentWriter writer = new TsSegmentWriter(Fixtures.BOTH);
    byte[] inter = Fixtures.inter(100, 1);

    assertThatThrownBy(() -> writer.writeVideo(0, 0, false, inter, 0, inter.length))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the first video access unit of a segment must be a keyframe");
  }

  @Test
  void rejectsADtsThatGoesBackOrAPtsBeforeItsDts() {
    TsSegmentWriter writer = new TsSegmentWriter(TsStreams.videoOnly(AVC));
    byte[] idr = Fixtures.idr(100, 1);
    writer.writeVideo(3_600, 3_600, true, idr, 0, idr.length);

    assertThatThrownBy(() -> writer.writeVideo(0, 3_600, false, idr, 0, idr.length))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> writer.writeVideo(7_200, 3_600, false, idr, 0, idr.length))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void isSpentOnceFinished() {
    TsSegmentWriter writer = new TsSegmentWriter(TsStreams.audioOnly(AAC));
    writer.writeAudio(0, Fixtures.aacFrame(10, 1), 0, 10);
    writer.finish();

    assertThatThrownBy(writer::finish).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> writer.writeAudio(0, new byte[1], 0, 1))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void rejectsFramesOfAStreamItDoesNotCarry() {
    TsSegmentWriter writer = new TsSegmentWriter(TsStreams.audioOnly(AAC));
    byte[] idr = Fixtures.idr(100, 1);

    assertThatThrownBy(() -> writer.writeVideo(0, 0, true, idr, 0, idr.length))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("this segment has no video stream");
  }

  @Test
  void refusesStreamsWithNeitherVideoNorAudio() {
    assertThatThrownBy(() -> new TsStreams(null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void writesOnlyThePatAndPmtForAnEmptySegment() {
    byte[] segment = new TsSegmentWriter(Fixtures.BOTH).finish();

    assertThat(segment).hasSize(2 * 188);
  }

  @Test
  void leavesTheCallersArraysAloneAndCopiesThem() {
    TsSegmentWriter writer = new TsSegmentWriter(TsStreams.videoOnly(AVC));
    byte[] idr = Fixtures.idr(1_000, 1);
    writer.writeVideo(0, 0, true, idr, 0, idr.length);
    byte[] before = writer.finish();
    TsSegmentWriter again = new TsSegmentWriter(TsStreams.videoOnly(AVC));
    byte[] reused = idr.clone();
    again.writeVideo(0, 0, true, reused, 0, reused.length);
    Arrays.fill(reused, (byte) 0);

    assertThat(again.finish()).isEqualTo(before);
  }

  @Test
  void readsFramesFromTheMiddleOfALargerArray() {
    byte[] idr = Fixtures.idr(1_000, 1);
    byte[] padded = new byte[idr.length + 20];
    System.arraycopy(idr, 0, padded, 10, idr.length);
    TsSegmentWriter whole = new TsSegmentWriter(TsStreams.videoOnly(AVC));
    TsSegmentWriter slice = new TsSegmentWriter(TsStreams.videoOnly(AVC));
    whole.writeVideo(0, 0, true, idr, 0, idr.length);
    slice.writeVideo(0, 0, true, padded, 10, idr.length);

    assertThat(slice.finish()).isEqualTo(whole.finish());
  }

  private static byte[] payloads(byte[] segment, int pid) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TsDemux.pes(segment, pid).forEach(pes -> out.writeBytes(pes.payload()));
    return out.toByteArray();
  }

  @Test
  void concatenatesIntoAStreamWhosePesAllParse() {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    for (int seed = 0; seed < 3; seed++) {
      stream.writeBytes(Fixtures.typicalSegment(seed * 180_000L, seed));
    }

    assertThat(TsDemux.pes(stream.toByteArray(), TsSegmentWriter.VIDEO_PID)).hasSize(150);
  }
}
