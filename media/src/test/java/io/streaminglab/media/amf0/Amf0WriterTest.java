package io.streaminglab.media.amf0;

import static io.streaminglab.media.amf0.Amf0ReaderTest.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Amf0WriterTest {
  @Test
  void writesAConnectCommandByteForByte() {
    Map<String, Object> commandObject = new LinkedHashMap<>();
    commandObject.put("app", "live");
    commandObject.put("type", "nonprivate");
    commandObject.put("flashVer", "FMLE/3.0");
    commandObject.put("tcUrl", "rtmp://localhost/live");
    commandObject.put("fpad", false);
    commandObject.put("capabilities", 15);

    byte[] bytes = Amf0Writer.encode("connect", 1.0, commandObject);

    assertThat(bytes).isEqualTo(hex(""
        + "020007636f6e6e656374" // "connect"
        + "003ff0000000000000" // 1.0
        + "03" // object
        + "0003617070" + "0200046c697665" // app: "live"
        + "000474797065" + "02000a6e6f6e70726976617465" // type: "nonprivate"
        + "0008666c617368566572" + "020008464d4c452f332e30" // flashVer: "FMLE/3.0"
        + "0005746355726c" + "02001572746d703a2f2f6c6f63616c686f73742f6c697665" // tcUrl
        + "000466706164" + "0100" // fpad: false
        + "000c6361706162696c6974696573" + "00402e000000000000" // capabilities: 15
        + "000009")); // object end
  }

  @Test
  void roundTripsEveryType() {
    Amf0EcmaArray ecma = new Amf0EcmaArray();
    ecma.put("duration", 0.0);
    ecma.put("encoder", "lab");
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("nested", List.of(1.0, Map.of("k", "v")));
    object.put("nothing", null);
    List<Object> values = Arrays.asList(
        -0.0, Double.NaN, 42.0, true, false, "", "text", "ünïcödé", null, Amf0.UNDEFINED,
        object, ecma, new ArrayList<>(), Instant.ofEpochMilli(-1234), Instant.EPOCH,
        "x".repeat(70_000));

    byte[] bytes = Amf0Writer.encode(values.toArray());

    List<Object> read = new Amf0Reader(bytes).readAll();
    assertThat(read).isEqualTo(values);
    assertThat(read.get(11)).isInstanceOf(Amf0EcmaArray.class);
    assertThat(read.get(10)).isNotInstanceOf(Amf0EcmaArray.class);
  }

  @Test
  void switchesToTheLongStringMarkerAbove65535Utf8Bytes() {
    assertThat(Amf0Writer.encode("a".repeat(65_535))[0]).isEqualTo((byte) 0x02);
    assertThat(Amf0Writer.encode("a".repeat(65_536))[0]).isEqualTo((byte) 0x0C);
    // 32768 two-byte characters: short in chars, long in bytes.
    byte[] wide = Amf0Writer.encode("é".repeat(32_768));
    assertThat(wide[0]).isEqualTo((byte) 0x0C);
    assertThat(Arrays.copyOfRange(wide, 1, 5)).isEqualTo(hex("00010000"));
  }

  @Test
  void writesAnyNumberAsADouble() {
    assertThat(Amf0Writer.encode(3, 3L, 3.0f, new BigDecimal("3")))
        .isEqualTo(hex("00 4008000000000000".repeat(4)));
  }

  @Test
  void writesAnEcmaArrayWithItsCount() {
    Amf0EcmaArray array = new Amf0EcmaArray(Map.of("a", true));

    assertThat(new Amf0Writer().write(array).toByteArray())
        .isEqualTo(hex("08 00000001 0001 61 0101 000009"));
    assertThat(new Amf0Writer().writeEcmaArray(Map.of("a", true)).toByteArray())
        .isEqualTo(hex("08 00000001 0001 61 0101 000009"));
  }

  @Test
  void writesAStrictArrayAndADateAndUndefined() {
    byte[] bytes = new Amf0Writer()
        .writeStrictArray(List.of("a"))
        .writeDate(Instant.ofEpochMilli(1_700_000_000_123L))
        .writeUndefined()
        .writeNull()
        .toByteArray();

    assertThat(bytes).isEqualTo(hex("0a 00000001 02000161 0b 4278bcfe5687b000 0000 06 05"));
  }

  @Test
  void encodesANullValueWhenPassedAsASingleObject() {
    assertThat(Amf0Writer.encode((Object) null)).isEqualTo(hex("05"));
  }

  @Test
  void rejectsTypesAmf0CannotCarry() {
    assertThatThrownBy(() -> Amf0Writer.encode(new Object()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot write a java.lang.Object as AMF0");
  }

  @Test
  void rejectsEmptyAndNonStringPropertyNames() {
    assertThatThrownBy(() -> Amf0Writer.encode(Map.of("", 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be empty");
    assertThatThrownBy(() -> Amf0Writer.encode(Map.of(1, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be strings, not java.lang.Integer");
  }

  @Test
  void rejectsAMapThatContainsItselfInsteadOfOverflowingTheStack() {
    Map<String, Object> loop = new HashMap<>();
    loop.put("self", loop);

    assertThatThrownBy(() -> Amf0Writer.encode(loop))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does a map or list contain itself?");
  }

  @Test
  void leavesTheOutputUnchangedWhenAWriteFails() {
    Amf0Writer writer = new Amf0Writer().writeBoolean(true);

    assertThatThrownBy(() -> writer.write(List.of(1.0, new Object())))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> writer.writeDate(Instant.MAX))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside the ECMAScript date range");

    assertThat(writer.toByteArray()).isEqualTo(hex("0101"));
  }
}
