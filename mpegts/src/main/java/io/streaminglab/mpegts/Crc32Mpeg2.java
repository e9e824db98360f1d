package io.streaminglab.mpegts;

/**
 * CRC-32/MPEG-2, the checksum that ends every PSI section (ISO/IEC 13818-1, Annex A):
 * polynomial 0x04C11DB7, initial value 0xFFFFFFFF, no bit reflection and no final XOR. A
 * section's CRC over all its bytes, the CRC included, is therefore 0.
 */
final class Crc32Mpeg2 {
  private static final int POLYNOMIAL = 0x04C11DB7;
  private static final int[] TABLE = table();

  private Crc32Mpeg2() {}

  /** The CRC of {@code length} bytes at {@code offset}. */
  static int of(byte[] data, int offset, int length) {
    int crc = 0xFFFFFFFF;
    for (int i = offset; i < offset + length; i++) {
      crc = crc << 8 ^ TABLE[(crc >>> 24 ^ data[i]) & 0xFF];
    }
    return crc;
  }

  private static int[] table() {
    int[] table = new int[256];
    for (int i = 0; i < 256; i++) {
      int crc = i << 24;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & 0x80000000) != 0 ? crc << 1 ^ POLYNOMIAL : crc << 1;
      }
      table[i] = crc;
    }
    return table;
  }
}
