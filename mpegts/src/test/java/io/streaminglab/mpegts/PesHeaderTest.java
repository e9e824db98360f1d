package io.streaminglab.mpegts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class PesHeaderTest {
  private static final long WRAP = 1L << 33;

  @Test
  void encodesAPtsOnlyHeaderWithMarkerBits() {
    byte[] header = PesHeader.of(PesHeader.STREAM_ID_AUDIO, 0x1_2345_6789L, 0x1_2345_6789L, 100);

    // 00 00 01 C0, length 3 + 5 + 100, flags 84 80, header length 5, then '0010' PTS[32..30]
    // '1', PTS[29..15] '1', PTS[14..0] '1' (worked by hand from ISO/IEC 13818-1, 2.4.3.7).
    assertThat(HexFormat.of().formatHex(header)).isEqualTo("000001c0006c848005" + "298d15cf13");
    assertThat(TsDemux.timestamp(header, 9)).isEqualTo(0x1_2345_6789L);
  }

  @Test
  void writesTheDtsOnlyWhenItDiffersFromThePts() {
    byte[] header = PesHeader.of(PesHeader.STREAM_ID_VIDEO, 7_200, 3_600, PesHeader.UNBOUNDED);

    assertThat(header).hasSize(19);
    assertThat(header[3]).isEqualTo((byte) 0xE0);
    assertThat(header[4]).isZero();
    assertThat(header[5]).as("PES_packet_length 0 for video").isZero();
    assertThat(header[7]).isEqualTo((byte) 0xC0);
    assertThat(header[8]).isEqualTo((byte) 10);
    assertThat(header[9] >> 4 & 0x0F).as("PTS prefix").isEqualTo(0x3);
    assertThat(header[14] >> 4 & 0x0F).as("DTS prefix").isEqualTo(0x1);
    assertThat(TsDemux.timestamp(header, 9)).isEqualTo(7_200);
    assertThat(TsDemux.timestamp(header, 14)).isEqualTo(3_600);
  }

  @Test
  void wrapsTimestampsModulo2To33() {
    for (long t : List.of(WRAP, WRAP + 5, -1L, 5 * WRAP + 123, Long.MAX_VALUE)) {
      byte[] header = PesHeader.of(PesHeader.STREAM_ID_AUDIO, t, t, 0);

      assertThat(TsDemux.timestamp(header, 9)).as("PTS for %d", t)
          .isEqualTo(Math.floorMod(t, WRAP));
    }
  }

  @Test
  void treatsTimestampsEqualModulo2To33AsEqual() {
    byte[] header = PesHeader.of(PesHeader.STREAM_ID_VIDEO, WRAP + 10, 10, PesHeader.UNBOUNDED);

    assertThat(header).hasSize(14);
    assertThat(header[7]).isEqualTo((byte) 0x80);
  }

  @Test
  void rejectsABoundedPayloadTooLongForPesPacketLength() {
    assertThatThrownBy(() -> PesHeader.of(PesHeader.STREAM_ID_AUDIO, 0, 0, 0xFFFF))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PES_packet_length");
  }

  @Test
  void segmentPesCarryTheWrittenTimestampsAcrossThe33BitWrap() {
    long start = WRAP - 40 * 3_600;
    byte[] segment = Fixtures.typicalSegment(start, 3);

    List<TsDemux.Pes> video = TsDemux.pes(segment, TsSegmentWriter.VIDEO_PID);

    assertThat(video).hasSize(50);
    for (int i = 0; i < video.size(); i++) {
      long dts = start + i * 3_600L;
      assertThat(video.get(i).dts()).isEqualTo(Math.floorMod(dts, WRAP));
      assertThat(video.get(i).pts()).isEqualTo(Math.floorMod(dts + 3_600, WRAP));
      assertThat(video.get(i).streamId()).isEqualTo(0xE0);
    }
    assertThat(video.get(45).dts()).as("after the wrap").isLessThan(video.get(0).dts());
  }
}
