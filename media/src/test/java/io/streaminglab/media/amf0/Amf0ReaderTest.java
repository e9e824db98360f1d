package io.streaminglab.media.amf0;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Amf0ReaderTest {
  @Test
  void readsANumberAsADouble() {
    assertThat(read("00 3ff8000000000000")).isEqualTo(1.5);
  }

  @Test
  void readsAnyNonZeroBooleanByteAsTrue() {
    assertThat(readAll("0100 0101 0102")).containsExactly(false, true, true);
  }

  @Test
  void readsAStringAsUtf8() {
    assertThat(read("02 0005 68c3a9c3a9")).isEqualTo("héé");
  }

  @Test
  void readsAnObjectAsAMapInWireOrder() {
    Object value = read("03 0001 62 003ff0000000000000 0001 61 0101 000009");

    assertThat(value).isInstanceOf(LinkedHashMap.class);
    assertThat(new ArrayList<Object>(((Map<?, ?>) value).keySet())).containsExactly("b", "a");
    assertThat(value).isEqualTo(Map.of("b", 1.0, "a", true));
  }

  @Test
  void readsNullAsNullAndUndefinedAsTheUndefinedConstant() {
    assertThat(readAll("05 06")).containsExactly(null, Amf0.UNDEFINED);
  }

  @Test
  void readsTheUnsupportedMarkerAsUndefined() {
    assertThat(read("0d")).isSameAs(Amf0.UNDEFINED);
  }

  @Test
  void readsAnEcmaArrayAsAnAmf0EcmaArray() {
    Object value = read("08 00000001 0001 78 02000179 000009");

    assertThat(value).isInstanceOf(Amf0EcmaArray.class).isEqualTo(Map.of("x", "y"));
  }

  @Test
  void ignoresTheCountOfAnEcmaArray() {
    assertThat(read("08 00000063 0001 78 0101 000009")).isEqualTo(Map.of("x", true));
  }

  @Test
  void acceptsAnEcmaArrayWhoseEndMarkerIsMissingAtTheEndOfTheInput() {
    assertThat(read("08 00000001 0001 78 0101")).isEqualTo(Map.of("x", true));
  }

  @Test
  void readsAStrictArrayAsAList() {
    assertThat(read("0a 00000003 0101 05 02000161")).isEqualTo(Arrays.asList(true, null, "a"));
  }

  @Test
  void readsADateAsAnInstantIgnoringTheTimeZone() {
    // 1700000000123 ms, time zone -60 minutes.
    assertThat(read("0b 4278bcfe5687b000 ffc4"))
        .isEqualTo(Instant.ofEpochMilli(1_700_000_000_123L));
  }

  @Test
  void readsLongStringsAndXmlDocumentsAsStrings() {
    assertThat(readAll("0c 00000002 6869 0f 00000003 3c612f"))
        .containsExactly("hi", "<a/");
  }

  @Test
  void readsATypedObjectAsAMapDroppingTheClassName() {
    assertThat(read("10 0003 466f6f 0001 78 05 000009")).isEqualTo(nullValueMap("x"));
  }

  @Test
  void readsTheOnMetaDataThatFfmpegWrites() {
    List<Object> values = new Amf0Reader(resource("ffmpeg-onmetadata.bin")).readAll();

    assertThat(values).hasSize(2);
    assertThat(values.get(0)).isEqualTo("onMetaData");
    Map<?, ?> metadata = (Map<?, ?>) values.get(1);
    assertThat(metadata).isInstanceOf(Amf0EcmaArray.class).hasSize(13);
    assertThat(metadata.get("width")).isEqualTo(320.0);
    assertThat(metadata.get("height")).isEqualTo(240.0);
    assertThat(metadata.get("videocodecid")).isEqualTo(7.0);
    assertThat(metadata.get("audiocodecid")).isEqualTo(10.0);
    assertThat(metadata.get("stereo")).isEqualTo(true);
    assertThat(metadata.get("encoder")).isEqualTo("Lavf59.27.100");
  }

  @Test
  void readsOnlyTheGivenRangeOfTheArray() {
    byte[] data = hex("ff ff 0101 0100 ff");

    Amf0Reader reader = new Amf0Reader(data, 2, 4);

    assertThat(reader.readAll()).containsExactly(true, false);
    assertThat(reader.position()).isEqualTo(6);
    assertThat(reader.hasRemaining()).isFalse();
  }

  @Test
  void readsNothingFromAnEmptyInput() {
    assertThat(new Amf0Reader(new byte[0]).readAll()).isEmpty();
  }

  @Test
  void failsToReadAValueWhenNoneRemains() {
    assertThatThrownBy(() -> new Amf0Reader(new byte[0]).read())
        .isInstanceOf(Amf0Exception.class)
        .hasMessage("no AMF0 value left to read at byte offset 0");
  }

  @Test
  void rejectsATruncatedNumberGivingTheOffsetInTheArray() {
    byte[] data = hex("ff 00 3ff0");

    assertThatThrownBy(() -> new Amf0Reader(data, 1, 3).read())
        .isInstanceOf(Amf0Exception.class)
        .hasMessage("number needs 8 bytes but only 2 remain at byte offset 2")
        .extracting(e -> ((Amf0Exception) e).offset()).isEqualTo(2);
  }

  @Test
  void rejectsAStringLengthPastTheEnd() {
    assertThatThrownBy(() -> read("02 0100 414243"))
        .isInstanceOf(Amf0Exception.class)
        .hasMessage("string needs 256 bytes but only 3 remain at byte offset 3");
  }

  @Test
  void rejectsALongStringLengthPastTheEndWithoutAllocatingIt() {
    assertThatThrownBy(() -> read("0c ffffffff 41"))
        .isInstanceOf(Amf0Exception.class)
        .hasMessageContaining("long string needs 4294967295 bytes");
  }

  @Test
  void rejectsAnObjectWithoutItsEndMarker() {
    assertThatThrownBy(() -> read("03 0001 78 0101"))
        .isInstanceOf(Amf0Exception.class)
        .hasMessage("input ends inside an object, before its end marker at byte offset 6");
  }

  @Test
  void rejectsAnEmptyPropertyNameThatIsNotTheEndMarker() {
    assertThatThrownBy(() -> read("03 0000 0101"))
        .isInstanceOf(Amf0Exception.class)
        .hasMessage("empty property name is not followed by the object-end marker"
            + " at byte offset 3");
  }

  @Test
  void rejectsObjectsNestedTenThousandDeepWithoutOverflowingTheStack() {
    byte[] bomb = new byte[1 + 10_000 * 4];
    bomb[0] = 0x03;
    for (int i = 1; i < bomb.length; i += 4) {
      bomb[i + 1] = 1;
      bomb[i + 2] = 'a';
      bomb[i + 3] = 0x03;
    }

    assertThatThrownBy(() -> new Amf0Reader(bomb).read())
        .isInstanceOf(Amf0Exception.class)
        .hasMessage("AMF0 values nest deeper than 32 levels at byte offset 128");
  }

  @Test
  void honoursACustomDepthLimit() {
    byte[] twoDeep = hex("0a 00000001 0a 00000000");

    assertThat(new Amf0Reader(twoDeep, 0, twoDeep.length, 2).read()).isEqualTo(List.of(List.of()));
    assertThatThrownBy(() -> new Amf0Reader(twoDeep, 0, twoDeep.length, 1).read())
        .isInstanceOf(Amf0Exception.class)
        .hasMessageContaining("deeper than 1 levels");
  }

  @Test
  void rejectsAStrictArrayDeclaringMoreElementsThanBytesRemain() {
    assertThatThrownBy(() -> read("0a 7fffffff 0101"))
        .isInstanceOf(Amf0Exception.class)
        .hasMessage("strict array declares 2147483647 elements but only 2 bytes remain"
            + " at byte offset 1");
  }

  @Test
  void rejectsUnknownMarkers() {
    assertThatThrownBy(() -> read("12"))
        .isInstanceOf(Amf0Exception.class)
        .hasMessage("unknown AMF0 type marker 0x12 at byte offset 0");
  }

  @Test
  void rejectsReferencesAmf3ValuesAndReservedMarkers() {
    assertThatThrownBy(() -> read("07 0000")).hasMessageContaining("references");
    assertThatThrownBy(() -> read("11 01")).hasMessageContaining("AMF3 values");
    assertThatThrownBy(() -> read("04")).hasMessageContaining("reserved AMF0 type marker 0x04");
    assertThatThrownBy(() -> read("0e")).hasMessageContaining("reserved AMF0 type marker 0x0E");
  }

  @Test
  void rejectsAnObjectEndMarkerOutsideAnObject() {
    assertThatThrownBy(() -> read("09"))
        .isInstanceOf(Amf0Exception.class)
        .hasMessageContaining("outside an object");
  }

  @Test
  void rejectsDatesThatAreNotFiniteOrOutsideTheEcmaScriptRange() {
    assertThatThrownBy(() -> read("0b 7ff8000000000000 0000")).hasMessageContaining("NaN");
    assertThatThrownBy(() -> read("0b 7e37e43c8800759c 0000"))
        .isInstanceOf(Amf0Exception.class)
        .hasMessageContaining("outside the ECMAScript date range");
  }

  @Test
  void rejectsARangeOutsideTheArray() {
    assertThatThrownBy(() -> new Amf0Reader(new byte[4], 3, 2))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  private static Map<String, Object> nullValueMap(String key) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(key, null);
    return map;
  }

  private static Object read(String hex) {
    return new Amf0Reader(hex(hex)).read();
  }

  private static List<Object> readAll(String hex) {
    return new Amf0Reader(hex(hex)).readAll();
  }

  static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex.replace(" ", ""));
  }

  private static byte[] resource(String name) {
    try (InputStream in = Amf0ReaderTest.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
