package io.streaminglab.mpegts;

import static io.streaminglab.mpegts.Fixtures.AAC;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgramClockReferenceTest {
  private static final long WRAP = 1L << 33;

  @Test
  void encodesBaseReservedBitsAndExtension() {
    byte[] packet = new byte[188];
    long pcr = 0x1_2345_6789L * 300 + 0x123;
    AdaptationField field = new AdaptationField(false, true, pcr);

    TsPackets.write(packet, 0, 0x100, true, 5, field, new byte[176], 0, 176);

    // Length 7, flags RAI|PCR, base 0x123456789 as 33 bits, '111111', extension 0x123 as 9 bits.
    assertThat(HexFormat.of().formatHex(packet, 0, 12))
        .isEqualTo("47410035" + "0750" + "91a2b3c4" + "ff23");
    assertThat(TsDemux.packet(packet, 0).pcr()).isEqualTo(pcr);
  }

  @Test
  void isTheDtsLessATenthOfASecondIn27MHzUnits() {
    assertThat(MpegClock.pcrFor(90_000)).isEqualTo(81_000L * 300);
    assertThat(MpegClock.pcrFor(WRAP + 90_000)).isEqualTo(81_000L * 300);
    assertThat(MpegClock.pcrFor(0)).as("wraps below zero").isEqualTo((WRAP - 9_000) * 300);
  }

  @Test
  void startsEveryVideoPesNeverAfterItsDtsAndRisesThroughTheSegment() {
    long start = 10 * 90_000;
    byte[] segment = Fixtures.typicalSegment(start, 1);

    List<TsDemux.Pes> video = TsDemux.pes(segment, TsSegmentWriter.VIDEO_PID);

    long previous = -1;
    for (TsDemux.Pes pes : video) {
      assertThat(pes.pcr()).isNotEqualTo(TsDemux.NO_PCR);
      assertThat(pes.pcr() % 300).as("extension").isZero();
      assertThat(pes.pcr()).isLessThanOrEqualTo(pes.dts() * 300);
      assertThat(pes.pcr()).isEqualTo((pes.dts() - 9_000) * 300);
      assertThat(pes.pcr()).isGreaterThanOrEqualTo(previous);
      previous = pes.pcr();
    }
  }

  @Test
  void isOnlyOnTheVideoPidWhenThereIsVideo() {
    List<TsDemux.Packet> packets = TsDemux.packets(Fixtures.typicalSegment(0, 1));

    assertThat(packets).filteredOn(p -> p.pcr() != TsDemux.NO_PCR)
        .extracting(TsDemux.Packet::pid).containsOnly(TsSegmentWriter.VIDEO_PID);
  }

  @Test
  void startsEveryAudioPesWhenThereIsNoVideo() {
    TsSegmentWriter writer = new TsSegmentWriter(TsStreams.audioOnly(AAC));
    for (int i = 0; i < 40; i++) {
      writer.writeAudio(90_000 + i * 1024L * 90_000 / 44_100, Fixtures.aacFrame(200, i), 0, 200);
    }

    List<TsDemux.Pes> audio = TsDemux.pes(writer.finish(), TsSegmentWriter.AUDIO_PID);

    assertThat(audio).isNotEmpty().allSatisfy(pes -> {
      assertThat(pes.pcr()).isEqualTo((pes.pts() - 9_000) * 300);
      assertThat(pes.randomAccess()).isTrue();
    });
  }
}
