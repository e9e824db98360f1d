package io.streaminglab.mpegts;

import java.util.List;

/**
 * The two PSI sections a single-program segment needs (ISO/IEC 13818-1, 2.4.4): the program
 * association section (PAT, table_id 0) and the program map section (PMT, table_id 2). Each is
 * version 0, current, a single section, and ends with its {@link Crc32Mpeg2 CRC}.
 */
final class PsiSections {
  static final int TABLE_ID_PAT = 0x00;
  static final int TABLE_ID_PMT = 0x02;

  /** One entry of the PMT's elementary stream loop, without descriptors. */
  record ElementaryStream(int streamType, int pid) {}

  private PsiSections() {}

  /** A PAT naming one program and the PID of its PMT. */
  static byte[] pat(int transportStreamId, int programNumber, int pmtPid) {
    byte[] section = new byte[8 + 4 + 4];
    header(section, TABLE_ID_PAT, transportStreamId);
    section[8] = (byte) (programNumber >> 8);
    section[9] = (byte) programNumber;
    pid(section, 10, pmtPid);
    return withCrc(section);
  }

  /** A PMT for one program with no program descriptors. */
  static byte[] pmt(int programNumber, int pcrPid, List<ElementaryStream> streams) {
    byte[] section = new byte[12 + 5 * streams.size() + 4];
    header(section, TABLE_ID_PMT, programNumber);
    pid(section, 8, pcrPid);
    // Reserved bits, then program_info_length 0.
    section[10] = (byte) 0xF0;
    section[11] = 0;
    int at = 12;
    for (ElementaryStream stream : streams) {
      section[at] = (byte) stream.streamType();
      pid(section, at + 1, stream.pid());
      // Reserved bits, then ES_info_length 0.
      section[at + 3] = (byte) 0xF0;
      section[at + 4] = 0;
      at += 5;
    }
    return withCrc(section);
  }

  /** The eight bytes up to and including last_section_number. */
  private static void header(byte[] section, int tableId, int idExtension) {
    int sectionLength = section.length - 3;
    section[0] = (byte) tableId;
    // section_syntax_indicator 1, '0', two reserved bits, then the 12-bit length.
    section[1] = (byte) (0xB0 | sectionLength >> 8);
    section[2] = (byte) sectionLength;
    section[3] = (byte) (idExtension >> 8);
    section[4] = (byte) idExtension;
    // Two reserved bits, version_number 0, current_next_indicator 1.
    section[5] = (byte) 0xC1;
    section[6] = 0;
    section[7] = 0;
  }

  /** Three reserved bits and a 13-bit PID. */
  private static void pid(byte[] section, int at, int pid) {
    section[at] = (byte) (0xE0 | pid >> 8);
    section[at + 1] = (byte) pid;
  }

  private static byte[] withCrc(byte[] section) {
    int end = section.length - 4;
    int crc = Crc32Mpeg2.of(section, 0, end);
    section[end] = (byte) (crc >>> 24);
    section[end + 1] = (byte) (crc >>> 16);
    section[end + 2] = (byte) (crc >>> 8);
    section[end + 3] = (byte) crc;
    return section;
  }
}
