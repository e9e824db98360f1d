package io.streaminglab.mpegts;

/**
 * The flags a packet's adaptation field must carry; stuffing is added by {@link TsPackets} to
 * fill whatever the payload leaves.
 *
 * @param discontinuity discontinuity_indicator: on a PID that is not the PCR PID, the
 *     continuity counter of this packet need not follow the previous packet's
 * @param randomAccess random_access_indicator: the PES starting here begins at an access point
 * @param pcr the program clock reference in 27 MHz units, or {@link #NO_PCR}
 */
record AdaptationField(boolean discontinuity, boolean randomAccess, long pcr) {
  static final long NO_PCR = -1;
  /** An adaptation field with no flags, used only for stuffing. */
  static final AdaptationField NONE = new AdaptationField(false, false, NO_PCR);

  /** True when a packet needs an adaptation field even with a full payload. */
  boolean required() {
    return discontinuity || randomAccess || pcr != NO_PCR;
  }

  /** The fewest bytes this field takes in a packet, length byte included. */
  int minimumSize() {
    if (!required()) {
      return 0;
    }
    return pcr != NO_PCR ? 8 : 2;
  }
}
