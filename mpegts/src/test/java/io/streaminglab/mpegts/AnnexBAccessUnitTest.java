package io.streaminglab.mpegts;

import static io.streaminglab.mpegts.Fixtures.AVC;
import static io.streaminglab.mpegts.Fixtures.avcc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streaminglab.media.flv.AvcDecoderConfigurationRecord;
import io.streaminglab.media.flv.FlvException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnnexBAccessUnitTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void putsAnAccessUnitDelimiterAndStartCodesBeforeAnInterFrame() {
    byte[] au = avcc(hex("419a01"), hex("0105"));

    assertThat(hex(AnnexBAccessUnit.of(AVC, false, au, 0, au.length)))
        .isEqualTo("0000000109f0" + "00000001419a01" + "000000010105");
  }

  @Test
  void putsTheSpsAndPpsBeforeAnIdrPicture() {
    byte[] au = avcc(hex("0601aa80"), hex("6588"));

    assertThat(hex(AnnexBAccessUnit.of(AVC, false, au, 0, au.length))).isEqualTo("0000000109f0"
        + "00000001" + hex(Fixtures.SPS) + "00000001" + hex(Fixtures.PPS)
        + "000000010601aa80" + "000000016588");
  }

  @Test
  void putsTheSpsAndPpsBeforeAKeyframeEvenWithoutAnIdrSlice() {
    byte[] au = avcc(hex("4188"));

    assertThat(hex(AnnexBAccessUnit.of(AVC, true, au, 0, au.length)))
        .contains("00000001" + hex(Fixtures.SPS) + "00000001" + hex(Fixtures.PPS));
  }

  @Test
  void keepsTheParameterSetsAnIdrAccessUnitAlreadyCarries() {
    byte[] au = avcc(hex("6742c01f"), hex("68ce"), hex("6588"));

    assertThat(hex(AnnexBAccessUnit.of(AVC, true, au, 0, au.length)))
        .isEqualTo("0000000109f0" + "000000016742c01f" + "0000000168ce" + "000000016588");
  }

  @Test
  void keepsALeadingDelimiterAndDropsAnyOther() {
    byte[] au = avcc(hex("0930"), hex("4188"), hex("09f0"));

    assertThat(hex(AnnexBAccessUnit.of(AVC, false, au, 0, au.length)))
        .isEqualTo("000000010930" + "000000014188");
  }

  @Test
  void repeatsEveryParameterSetOfTheConfiguration() {
    AvcDecoderConfigurationRecord two = new AvcDecoderConfigurationRecord(
        1, 66, 0, 30, 2, List.of(hex("6701"), hex("6702")), List.of(hex("6801")));
    byte[] au = hex("0002" + "6588");

    assertThat(hex(AnnexBAccessUnit.of(two, true, au, 0, au.length))).isEqualTo("0000000109f0"
        + "000000016701" + "000000016702" + "000000016801" + "000000016588");
  }

  @Test
  void rejectsAnAccessUnitWithoutNalUnits() {
    assertThatThrownBy(() -> AnnexBAccessUnit.of(AVC, false, new byte[4], 0, 4))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsALengthPrefixPastTheEnd() {
    byte[] au = hex("000000ff41");

    assertThatThrownBy(() -> AnnexBAccessUnit.of(AVC, false, au, 0, au.length))
        .isInstanceOf(FlvException.class);
  }

  @Test
  void insertsDelimiterAndParameterSetsInTheSegmentsVideoPes() {
    TsSegmentWriter writer = new TsSegmentWriter(Fixtures.BOTH);
    byte[] idr = Fixtures.idr(40, 1);
    byte[] inter = Fixtures.inter(30, 2);
    writer.writeVideo(0, 0, true, idr, 0, idr.length);
    writer.writeVideo(3_600, 3_600, false, inter, 0, inter.length);

    List<TsDemux.Pes> video = TsDemux.pes(writer.finish(), TsSegmentWriter.VIDEO_PID);

    assertThat(hex(video.get(0).payload())).startsWith("0000000109f0" + "00000001"
        + hex(Fixtures.SPS) + "00000001" + hex(Fixtures.PPS) + "0000000165");
    assertThat(hex(video.get(1).payload())).startsWith("0000000109f0" + "0000000141");
    assertThat(video.get(0).randomAccess()).isTrue();
    assertThat(video.get(1).randomAccess()).isFalse();
  }

  private static byte[] hex(String hex) {
    return HEX.parseHex(hex);
  }

  private static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }
}
