package io.streaminglab.fmp4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The boxes the muxer writes, read back by a box walker of the test's own. */
class Fmp4StructureTest {
  /** x264's baseline 320x240 SPS and PPS in an AVCDecoderConfigurationRecord. */
  private static final byte[] AVC_C = bytes(
      0x01, 0x42, 0xC0, 0x0D, 0xFF, 0xE1, 0x00, 0x18, 0x67, 0x42, 0xC0, 0x0D, 0xD9, 0x01, 0x41,
      0xFB, 0x01, 0x10, 0x00, 0x00, 0x03, 0x00, 0x10, 0x00, 0x00, 0x03, 0x03, 0x20, 0xF1, 0x42,
      0xA4, 0x80, 0x01, 0x00, 0x05, 0x68, 0xCB, 0x83, 0xCB, 0x20);
  /** AAC-LC, 44.1 kHz, stereo. */
  private static final byte[] ASC = bytes(0x12, 0x10);
  private static final List<String> CONTAINERS = List.of("moov", "trak", "mdia", "minf",
      "stbl", "dinf", "mvex", "moof", "traf");

  @Test
  void theInitSegmentIsFtypThenMoovWithBothTracksAndTheirExtends() {
    byte[] init = Fmp4InitSegment.write(Fmp4Tracks.of(AVC_C, ASC));

    List<Box> top = boxes(init, 0, init.length);

    assertThat(top).extracting(Box::type).containsExactly("ftyp", "moov");
    assertThat(paths(init)).contains("moov/mvhd", "moov/trak/tkhd",
        "moov/trak/mdia/minf/stbl/stsd", "moov/mvex/trex");
    assertThat(paths(init).stream().filter("moov/trak"::equals)).hasSize(2);
    assertThat(paths(init).stream().filter("moov/mvex/trex"::equals)).hasSize(2);
    int avcC = indexOf(init, "avcC");
    assertThat(Arrays.copyOfRange(init, avcC + 4, avcC + 4 + AVC_C.length)).isEqualTo(AVC_C);
    int tkhd = indexOf(init, "tkhd");
    ByteBuffer header = ByteBuffer.wrap(init);
    assertThat(header.getInt(tkhd + 4 + 76) >>> 16).as("width").isEqualTo(320);
    assertThat(header.getInt(tkhd + 4 + 80) >>> 16).as("height").isEqualTo(240);
  }

  @Test
  void aLongAudioSpecificConfigGetsMultiByteDescriptorSizes() {
    byte[] config = new byte[300];
    config[0] = 0x12;
    config[1] = 0x10;
    byte[] init = Fmp4InitSegment.write(Fmp4Tracks.of(null, config));

    int esds = indexOf(init, "esds");
    ByteBuffer in = ByteBuffer.wrap(init);
    in.position(esds + 4 + 4);
    assertThat(in.get()).as("ES_Descriptor tag").isEqualTo((byte) 0x03);
    int esSize = readSize(in);
    int esStart = in.position();
    in.position(esStart + 3);
    assertThat(in.get()).as("DecoderConfigDescriptor tag").isEqualTo((byte) 0x04);
    int decoderSize = readSize(in);
    int decoderStart = in.position();
    in.position(decoderStart + 13);
    assertThat(in.get()).as("DecoderSpecificInfo tag").isEqualTo((byte) 0x05);
    assertThat(readSize(in)).isEqualTo(300);
    assertThat(Arrays.copyOfRange(init, in.position(), in.position() + 300)).isEqualTo(config);
    in.position(in.position() + 300);
    assertThat(in.position()).isEqualTo(decoderStart + decoderSize);
    assertThat(in.get()).as("SLConfigDescriptor tag").isEqualTo((byte) 0x06);
    assertThat(readSize(in)).isEqualTo(1);
    assertThat(in.get()).isEqualTo((byte) 0x02);
    assertThat(in.position()).isEqualTo(esStart + esSize);
    int esdsSize = ByteBuffer.wrap(init).getInt(esds - 4);
    assertThat(in.position()).as("the esds box ends with its descriptor")
        .isEqualTo(esds - 4 + esdsSize);
  }

  @Test
  void eachTrackRunPointsAtItsOwnSampleBytes() {
    Fmp4FragmentWriter writer = new Fmp4FragmentWriter(Fmp4Tracks.of(AVC_C, ASC));
    byte[][] video = {filled(500, 1), filled(120, 2), filled(130, 3)};
    byte[][] audio = {filled(40, 7), filled(41, 8)};
    writer.writeVideo(900_000, 906_000, true, video[0], 0, 500);
    writer.writeAudio(900_000, audio[0], 0, 40);
    writer.writeVideo(903_600, 903_600, false, video[1], 0, 120);
    writer.writeAudio(902_090, audio[1], 0, 41);
    writer.writeVideo(907_200, 910_800, false, video[2], 0, 130);

    byte[] fragment = writer.finish(7, 910_800);

    assertThat(boxes(fragment, 0, fragment.length)).extracting(Box::type)
        .containsExactly("moof", "mdat");
    List<Box> truns = find(fragment, "trun");
    assertThat(truns).hasSize(2);
    ByteBuffer in = ByteBuffer.wrap(fragment);
    assertThat(in.getInt(find(fragment, "mfhd").get(0).start() + 12)).isEqualTo(7);
    // Video: count, data offset, then duration, size, flags, composition offset per sample.
    int videoRun = truns.get(0).start() + 12;
    assertThat(in.getInt(videoRun)).isEqualTo(3);
    int offset = in.getInt(videoRun + 4);
    int[][] expected = {{3600, 500, Fmp4FragmentWriter.FLAGS_SYNC, 6000},
        {3600, 120, Fmp4FragmentWriter.FLAGS_DEPENDENT, 0},
        {3600, 130, Fmp4FragmentWriter.FLAGS_DEPENDENT, 3600}};
    for (int i = 0; i < 3; i++) {
      for (int field = 0; field < 4; field++) {
        assertThat(in.getInt(videoRun + 8 + 16 * i + 4 * field))
            .as("sample %d field %d", i, field).isEqualTo(expected[i][field]);
      }
      assertThat(Arrays.copyOfRange(fragment, offset, offset + video[i].length))
          .isEqualTo(video[i]);
      offset += video[i].length;
    }
    int audioRun = truns.get(1).start() + 12;
    assertThat(in.getInt(audioRun)).isEqualTo(2);
    offset = in.getInt(audioRun + 4);
    for (byte[] frame : audio) {
      assertThat(Arrays.copyOfRange(fragment, offset, offset + frame.length)).isEqualTo(frame);
      offset += frame.length;
    }
    assertThat(offset).as("the audio ends the mdat").isEqualTo(fragment.length);
    List<Box> tfdts = find(fragment, "tfdt");
    assertThat(in.getLong(tfdts.get(0).start() + 12)).isEqualTo(900_000);
    assertThat(in.getLong(tfdts.get(1).start() + 12)).as("10 s at 44.1 kHz").isEqualTo(441_000);
  }

  @Test
  void aWriterIsFinishedOnceAndRefusesWhatItsTracksLack() {
    Fmp4FragmentWriter videoOnly = new Fmp4FragmentWriter(Fmp4Tracks.of(AVC_C, null));
    assertThatThrownBy(() -> videoOnly.writeAudio(0, new byte[4], 0, 4))
        .isInstanceOf(IllegalStateException.class);
    videoOnly.writeVideo(0, 0, true, new byte[4], 0, 4);
    videoOnly.finish(1, 3600);
    assertThatThrownBy(() -> videoOnly.writeVideo(3600, 3600, false, new byte[4], 0, 4))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Fmp4Tracks.of(null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theInitSegmentDependsOnTheTracksAlone() {
    assertThat(Fmp4InitSegment.write(Fmp4Tracks.of(AVC_C, ASC)))
        .isEqualTo(Fmp4InitSegment.write(Fmp4Tracks.of(AVC_C.clone(), ASC.clone())));
    assertThat(Fmp4Tracks.of(AVC_C, ASC).codecs()).isEqualTo("avc1.42c00d,mp4a.40.2");
  }

  record Box(String type, int start, int size) {}

  /** The boxes in {@code length} bytes at {@code from}, each of which must fit exactly. */
  private static List<Box> boxes(byte[] data, int from, int length) {
    List<Box> boxes = new ArrayList<>();
    ByteBuffer in = ByteBuffer.wrap(data);
    int at = from;
    while (at < from + length) {
      int size = in.getInt(at);
      assertThat(size).as("box at %d", at).isGreaterThanOrEqualTo(8)
          .isLessThanOrEqualTo(from + length - at);
      boxes.add(new Box(new String(data, at + 4, 4, StandardCharsets.US_ASCII), at, size));
      at += size;
    }
    assertThat(at).isEqualTo(from + length);
    return boxes;
  }

  /** Every container path to a box, such as "moov/trak/tkhd", walking the containers. */
  private static List<String> paths(byte[] data) {
    List<String> paths = new ArrayList<>();
    walk(data, 0, data.length, "", paths, new ArrayList<>());
    return paths;
  }

  private static List<Box> find(byte[] data, String type) {
    List<Box> found = new ArrayList<>();
    walk(data, 0, data.length, "", new ArrayList<>(), found);
    found.removeIf(box -> !box.type().equals(type));
    return found;
  }

  private static void walk(byte[] data, int from, int length, String prefix, List<String> paths,
      List<Box> all) {
    for (Box box : boxes(data, from, length)) {
      String path = prefix + box.type();
      paths.add(path);
      all.add(box);
      if (CONTAINERS.contains(box.type())) {
        walk(data, box.start() + 8, box.size() - 8, path + "/", paths, all);
      }
    }
  }

  /** Where the type of the first box named {@code type} is; its size is the 4 bytes before. */
  private static int indexOf(byte[] data, String type) {
    byte[] name = type.getBytes(StandardCharsets.US_ASCII);
    for (int i = 4; i + 4 <= data.length; i++) {
      if (Arrays.equals(data, i, i + 4, name, 0, 4)) {
        return i;
      }
    }
    throw new AssertionError("no " + type + " box");
  }

  private static int readSize(ByteBuffer in) {
    int size = 0;
    int b;
    do {
      b = in.get() & 0xFF;
      size = size << 7 | b & 0x7F;
    } while ((b & 0x80) != 0);
    return size;
  }

  private static byte[] filled(int size, int value) {
    byte[] data = new byte[size];
    Arrays.fill(data, (byte) value);
    return data;
  }

  private static byte[] bytes(int... values) {
    byte[] data = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      data[i] = (byte) values[i];
    }
    return data;
  }
}
