package io.streaminglab.media.flv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlvFileReaderTest {
  @Test
  void readsTagsWithTheirTypesTimestampsAndBodies() {
    byte[] file = flv(tag(9, 0x01020304L, new byte[] {0x17, 0, 0, 0, 0}),
        tag(8, 21, new byte[] {(byte) 0xAF, 1, 9}), tag(18, 0, new byte[] {2, 0, 0}));

    List<FlvFileTag> tags = FlvFileReader.read(file);

    assertThat(tags).hasSize(3);
    assertThat(tags.get(0).type()).isEqualTo(FlvFileTag.VIDEO);
    assertThat(tags.get(0).timestamp()).isEqualTo(0x01020304L);
    assertThat(tags.get(0).body()).containsExactly(0x17, 0, 0, 0, 0);
    assertThat(tags.get(1).type()).isEqualTo(FlvFileTag.AUDIO);
    assertThat(tags.get(1).timestamp()).isEqualTo(21);
    assertThat(tags.get(2).type()).isEqualTo(FlvFileTag.SCRIPT_DATA);
  }

  @Test
  void theTimestampExtensionIsTheHighByte() {
    byte[] tag = tag(9, 0, new byte[] {0x27});
    tag[7] = (byte) 0x80;

    assertThat(FlvFileReader.read(flv(tag)).get(0).timestamp()).isEqualTo(0x80000000L);
  }

  @Test
  void skipsTagsOfOtherTypes() {
    assertThat(FlvFileReader.read(flv(tag(7, 0, new byte[4]), tag(9, 40, new byte[1]))))
        .extracting(FlvFileTag::timestamp).containsExactly(40L);
  }

  @Test
  void refusesWhatIsNotFlv() {
    assertThatThrownBy(() -> FlvFileReader.read("GIF89a-not-a-video".getBytes()))
        .isInstanceOf(FlvException.class).hasMessageContaining("not an FLV file");
  }

  @Test
  void refusesATagLongerThanTheFile() {
    byte[] file = flv(tag(9, 0, new byte[10]));
    byte[] cut = java.util.Arrays.copyOf(file, file.length - 6);

    assertThatThrownBy(() -> FlvFileReader.read(cut)).isInstanceOf(FlvException.class)
        .hasMessageContaining("more than the file has left");
  }

  @Test
  void refusesAFileEndingInsideATagHeader() {
    byte[] file = flv(tag(9, 0, new byte[2]));
    byte[] longer = java.util.Arrays.copyOf(file, file.length + 5);

    assertThatThrownBy(() -> FlvFileReader.read(longer)).isInstanceOf(FlvException.class)
        .hasMessageContaining("inside a tag header");
  }

  @Test
  void refusesADataOffsetOutsideTheFile() {
    byte[] file = flv();
    file[8] = 100;

    assertThatThrownBy(() -> FlvFileReader.read(file)).isInstanceOf(FlvException.class)
        .hasMessageContaining("data offset");
  }

  static byte[] flv(byte[]... tags) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {'F', 'L', 'V', 1, 5, 0, 0, 0, 9, 0, 0, 0, 0});
    for (byte[] tag : tags) {
      out.writeBytes(tag);
    }
    return out.toByteArray();
  }

  static byte[] tag(int type, long timestamp, byte[] body) {
    byte[] tag = new byte[11 + body.length + 4];
    tag[0] = (byte) type;
    tag[1] = (byte) (body.length >> 16);
    tag[2] = (byte) (body.length >> 8);
    tag[3] = (byte) body.length;
    tag[4] = (byte) (timestamp >> 16);
    tag[5] = (byte) (timestamp >> 8);
    tag[6] = (byte) timestamp;
    tag[7] = (byte) (timestamp >> 24);
    System.arraycopy(body, 0, tag, 11, body.length);
    int size = 11 + body.length;
    tag[tag.length - 4] = (byte) (size >> 24);
    tag[tag.length - 3] = (byte) (size >> 16);
    tag[tag.length - 2] = (byte) (size >> 8);
    tag[tag.length - 1] = (byte) size;
    return tag;
  }
}
