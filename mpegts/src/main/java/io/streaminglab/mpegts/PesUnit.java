package io.streaminglab.mpegts;

/**
 * One PES packet waiting to be cut into transport packets: its header, its elementary stream
 * bytes, and what the adaptation field of its first packet carries. The arrays are owned by
 * the unit and never changed.
 *
 * @param pid the PID whose packets carry it
 * @param header the PES header, from {@link PesHeader}
 * @param payload the elementary stream bytes: an Annex B access unit or ADTS frames
 * @param pcr the PCR for its first packet in 27 MHz units, or {@link AdaptationField#NO_PCR}
 * @param randomAccess whether its first packet sets random_access_indicator
 */
record PesUnit(int pid, byte[] header, byte[] payload, long pcr, boolean randomAccess) {

  /** Header and payload bytes together. */
  int length() {
    return header.length + payload.length;
  }

  /** The adaptation field flags of the unit's first packet. */
  AdaptationField firstField(boolean discontinuity) {
    return new AdaptationField(discontinuity, randomAccess, pcr);
  }

}
