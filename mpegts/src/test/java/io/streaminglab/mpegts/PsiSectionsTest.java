package io.streaminglab.mpegts;

import static io.streaminglab.mpegts.Fixtures.AAC;
import static io.streaminglab.mpegts.Fixtures.AVC;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PsiSectionsTest {
  @Test
  void everySegmentStartsWithThePatThenThePmt() {
    List<TsDemux.Packet> packets = TsDemux.packets(Fixtures.typicalSegment(0, 1));

    assertThat(packets.get(0).pid()).isEqualTo(0x0000);
    assertThat(packets.get(1).pid()).isEqualTo(0x1000);
    assertThat(packets.stream().skip(2).map(TsDemux.Packet::pid))
        .containsOnly(0x100, 0x101);
  }

  @Test
  void thePatMapsProgramOneToThePmtPid() {
    byte[] section = section(TsDemux.packets(Fixtures.typicalSegment(0, 1)).get(0));

    assertThat(section[0]).isEqualTo((byte) 0x00);
    assertThat(sectionLength(section)).isEqualTo(13);
    assertThat(section[1] & 0x80).as("section_syntax_indicator").isEqualTo(0x80);
    assertThat(u16(section, 3)).as("transport_stream_id").isEqualTo(1);
    assertThat(section[5] & 0x3F).as("version 0, current").isEqualTo(0x01);
    assertThat(u16(section, 8)).as("program_number").isEqualTo(1);
    assertThat(u16(section, 10) & 0x1FFF).as("program_map_PID").isEqualTo(0x1000);
    assertThat(Crc32Mpeg2.of(section, 0, section.length)).as("CRC residue").isZero();
  }

  @Test
  void thePmtListsH264AndAacWithThePcrOnTheVideoPid() {
    byte[] section = section(TsDemux.packets(Fixtures.typicalSegment(0, 1)).get(1));

    assertThat(section[0]).isEqualTo((byte) 0x02);
    assertThat(sectionLength(section)).isEqualTo(13 + 2 * 5);
    assertThat(u16(section, 3)).as("program_number").isEqualTo(1);
    assertThat(u16(section, 8) & 0x1FFF).as("PCR_PID").isEqualTo(0x100);
    assertThat(u16(section, 10) & 0x0FFF).as("program_info_length").isZero();
    assertThat(section[12]).as("stream_type").isEqualTo((byte) 0x1B);
    assertThat(u16(section, 13) & 0x1FFF).isEqualTo(0x100);
    assertThat(u16(section, 15) & 0x0FFF).as("ES_info_length").isZero();
    assertThat(section[17]).as("stream_type").isEqualTo((byte) 0x0F);
    assertThat(u16(section, 18) & 0x1FFF).isEqualTo(0x101);
    assertThat(Crc32Mpeg2.of(section, 0, section.length)).as("CRC residue").isZero();
  }

  @Test
  void anAudioOnlyPmtPutsThePcrOnTheAudioPid() {
    TsSegmentWriter writer = new TsSegmentWriter(TsStreams.audioOnly(AAC));
    writer.writeAudio(0, Fixtures.aacFrame(100, 1), 0, 100);

    byte[] section = section(TsDemux.packets(writer.finish()).get(1));

    assertThat(u16(section, 8) & 0x1FFF).as("PCR_PID").isEqualTo(0x101);
    assertThat(sectionLength(section)).isEqualTo(13 + 5);
    assertThat(section[12]).isEqualTo((byte) 0x0F);
  }

  @Test
  void aVideoOnlyPmtListsOnlyTheVideoStream() {
    TsSegmentWriter writer = new TsSegmentWriter(TsStreams.videoOnly(AVC));
    byte[] au = Fixtures.idr(500, 1);
    writer.writeVideo(0, 0, true, au, 0, au.length);

    byte[] section = section(TsDemux.packets(writer.finish()).get(1));

    assertThat(sectionLength(section)).isEqualTo(13 + 5);
    assertThat(section[12]).isEqualTo((byte) 0x1B);
  }

  @Test
  void psiPacketsAreStuffedInTheAdaptationFieldAndFlagTheirRestartAtZero() {
    List<TsDemux.Packet> packets = TsDemux.packets(Fixtures.typicalSegment(0, 1));

    for (TsDemux.Packet psi : packets.subList(0, 2)) {
      assertThat(psi.unitStart()).isTrue();
      assertThat(psi.continuityCounter()).isZero();
      assertThat(psi.discontinuity()).isTrue();
      assertThat(psi.payload()[0]).as("pointer_field").isZero();
      assertThat(psi.payload().length).as("payload is exactly pointer and section")
          .isEqualTo(1 + sectionLength(section(psi)) + 3);
      assertThat(psi.stuffing()).containsOnly((byte) 0xFF);
    }
  }

  private static byte[] section(TsDemux.Packet packet) {
    byte[] payload = packet.payload();
    int start = 1 + (payload[0] & 0xFF);
    int length = ((payload[start + 1] & 0x0F) << 8 | payload[start + 2] & 0xFF) + 3;
    return Arrays.copyOfRange(payload, start, start + length);
  }

  private static int sectionLength(byte[] section) {
    return (section[1] & 0x0F) << 8 | section[2] & 0xFF;
  }

  private static int u16(byte[] b, int at) {
    return (b[at] & 0xFF) << 8 | b[at + 1] & 0xFF;
  }
}
