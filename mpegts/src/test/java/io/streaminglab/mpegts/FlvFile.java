package io.streaminglab.mpegts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A minimal FLV file reader for tests: the 9-byte header, then tags and back-pointers. */
final class FlvFile {
  static final int AUDIO = 8;
  static final int VIDEO = 9;

  /** One tag: its type, its timestamp in milliseconds and its body. */
  record Tag(int type, int timestampMs, byte[] body) {}

  private FlvFile() {}

  static List<Tag> read(Path file) throws IOException {
    byte[] data = Files.readAllBytes(file);
    if (data.length < 13 || data[0] != 'F' || data[1] != 'L' || data[2] != 'V') {
      throw new IOException(file + " is not an FLV file");
    }
    int at = u32(data, 5) + 4;
    List<Tag> tags = new ArrayList<>();
    while (at + 11 <= data.length) {
      int type = data[at] & 0x1F;
      int size = u24(data, at + 1);
      int timestamp = u24(data, at + 4) | (data[at + 7] & 0xFF) << 24;
      int body = at + 11;
      if (body + size > data.length) {
        throw new IOException("tag at " + at + " runs past the end of " + file);
      }
      tags.add(new Tag(type, timestamp, Arrays.copyOfRange(data, body, body + size)));
      at = body + size + 4;
    }
    return tags;
  }

  private static int u24(byte[] b, int at) {
    return (b[at] & 0xFF) << 16 | (b[at + 1] & 0xFF) << 8 | b[at + 2] & 0xFF;
  }

  private static int u32(byte[] b, int at) {
    return (b[at] & 0xFF) << 24 | u24(b, at + 1);
  }
}
