package io.streaminglab.mpegts;

/**
 * Cuts a {@link PesUnit} into a chosen number of transport packets.
 *
 * <p>The first packet holds the whole PES header and at least one elementary stream byte;
 * every later packet holds at least one. Within those bounds packets are filled from the
 * front, so a PES spread over more packets than it needs ends in packets of one payload byte
 * padded by adaptation-field stuffing. A PES can thus span from {@link #fewestPackets} to
 * {@link #mostPackets} packets.
 */
final class PesPacketizer {
  private PesPacketizer() {}

  /** The fewest packets the unit fits in. */
  static int fewestPackets(PesUnit unit, boolean discontinuity) {
    int first = TsPackets.MAX_PAYLOAD - unit.firstField(discontinuity).minimumSize();
    int rest = unit.length() - first;
    return rest <= 0 ? 1 : 1 + (rest + TsPackets.MAX_PAYLOAD - 1) / TsPackets.MAX_PAYLOAD;
  }

  /** The most packets the unit can span: one elementary stream byte in each. */
  static int mostPackets(PesUnit unit) {
    return unit.payload().length;
  }

  /**
   * Writes the unit as {@code count} packets from {@code out[at]}, with continuity counters
   * from {@code firstCounter} up, and returns the index after the last packet.
   *
   * @param discontinuity whether the first packet sets discontinuity_indicator
   * @throws IllegalArgumentException when {@code count} is outside the unit's bounds
   */
  static int write(byte[] out, int at, PesUnit unit, int count, int firstCounter,
      boolean discontinuity) {
    if (count < fewestPackets(unit, discontinuity) || count > mostPackets(unit)) {
      throw new IllegalArgumentException("a PES of " + unit.length()
          + " bytes cannot span " + count + " packets");
    }
    AdaptationField firstField = unit.firstField(discontinuity);
    byte[] header = unit.header();
    byte[] payload = unit.payload();
    int remaining = unit.length();
    int position = 0;
    for (int i = 0; i < count; i++) {
      int room = i == 0 ? TsPackets.MAX_PAYLOAD - firstField.minimumSize() : TsPackets.MAX_PAYLOAD;
      // Leave one byte for each packet still to come.
      int size = Math.min(room, remaining - (count - 1 - i));
      int counter = firstCounter + i;
      if (i == 0) {
        byte[] first = new byte[size];
        System.arraycopy(header, 0, first, 0, header.length);
        System.arraycopy(payload, 0, first, header.length, size - header.length);
        TsPackets.write(out, at, unit.pid(), true, counter, firstField, first, 0, size);
        position = size - header.length;
      } else {
        TsPackets.write(
            out, at, unit.pid(), false, counter, AdaptationField.NONE, payload, position, size);
        position += size;
      }
      remaining -= size;
      at += TsPackets.SIZE;
    }
    return at;
  }
}
