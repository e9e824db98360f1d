package io.streaminglab.media.flv;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a whole FLV file (Adobe FLV specification 10.1, annex E): the header, then each tag
 * with its 11-byte header and the 4-byte size of the tag before it.
 *
 * <p>The input is treated as hostile: the file and each tag are bounded, every length is checked
 * against what is left, and a malformed file is an {@link FlvException} naming the byte offset.
 * Tags of other types than audio, video and script data are skipped, as the specification
 * allows; a truncated last tag is an error, not silently dropped.
 */
public final class FlvFileReader {
  /** Larger files are refused: the reader holds a whole file in memory. */
  public static final int MAX_FILE_BYTES = 64 * 1024 * 1024;

  private static final int HEADER_BYTES = 9;
  private static final int TAG_HEADER_BYTES = 11;

  private FlvFileReader() {}

  /**
   * Parses {@code file}.
   *
   * @throws FlvException when it is not an FLV file, is larger than {@link #MAX_FILE_BYTES} or
   *     is malformed
   */
  public static List<FlvFileTag> read(byte[] file) {
    if (file.length > MAX_FILE_BYTES) {
      throw new FlvException("The FLV file has " + file.length + " bytes, more than the "
          + MAX_FILE_BYTES + " this reader accepts.");
    }
    if (file.length < HEADER_BYTES + 4 || file[0] != 'F' || file[1] != 'L' || file[2] != 'V') {
      throw new FlvException("This is not an FLV file: it does not start with the FLV header.");
    }
    long dataOffset = u32(file, 5);
    if (dataOffset < HEADER_BYTES || dataOffset > file.length - 4) {
      throw new FlvException("The FLV header gives a data offset of " + dataOffset
          + ", outside the file.");
    }
    List<FlvFileTag> tags = new ArrayList<>();
    int at = (int) dataOffset + 4;
    while (at < file.length) {
      if (file.length - at < TAG_HEADER_BYTES) {
        throw new FlvException("The FLV file ends inside a tag header at byte " + at + ".");
      }
      int type = file[at] & 0x1F;
      int size = u24(file, at + 1);
      long timestamp = ((long) (file[at + 7] & 0xFF) << 24) | u24(file, at + 4);
      int body = at + TAG_HEADER_BYTES;
      if (size > file.length - body - 4) {
        throw new FlvException("The FLV tag at byte " + at + " claims " + size
            + " bytes, more than the file has left.");
      }
      if ((file[at] & 0x20) != 0) {
        throw new FlvException("The FLV tag at byte " + at + " is encrypted; only plain "
            + "files can be read.");
      }
      if (type == FlvFileTag.AUDIO || type == FlvFileTag.VIDEO
          || type == FlvFileTag.SCRIPT_DATA) {
        byte[] data = new byte[size];
        System.arraycopy(file, body, data, 0, size);
        tags.add(new FlvFileTag(type, timestamp, data));
      }
      at = body + size + 4;
    }
    return tags;
  }

  private static int u24(byte[] b, int at) {
    return ((b[at] & 0xFF) << 16) | ((b[at + 1] & 0xFF) << 8) | (b[at + 2] & 0xFF);
  }

  private static long u32(byte[] b, int at) {
    return ((long) u24(b, at) << 8) | (b[at + 3] & 0xFF);
  }
}
