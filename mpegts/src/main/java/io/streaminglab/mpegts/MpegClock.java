package io.streaminglab.mpegts;

/**
 * Timestamps as MPEG-TS carries them: PTS and DTS count a 90 kHz clock in 33 bits, and the
 * PCR counts 27 MHz as a 33-bit base of 90 kHz ticks times 300 plus a 9-bit extension.
 *
 * <p>Callers give timestamps as any {@code long} in 90 kHz units; they are written modulo
 * 2<sup>33</sup>, so a stream that runs past 2<sup>33</sup> wraps as every MPEG-TS stream does
 * after about 26.5 hours.
 */
final class MpegClock {
  /** 2<sup>33</sup>: the 33-bit timestamps wrap here. */
  static final long WRAP = 1L << 33;
  /**
   * How far the PCR runs behind the DTS of the frame whose packet carries it: 0.1 s, so that a
   * decoder has the frame's bytes before it must decode them.
   */
  static final long PCR_LEAD_90K = 9_000;

  private MpegClock() {}

  /** {@code timestamp90k} modulo 2<sup>33</sup>, in [0, 2<sup>33</sup>). */
  static long wrap(long timestamp90k) {
    return timestamp90k & WRAP - 1;
  }

  /**
   * The PCR, in 27 MHz units, for the packet that starts a PES whose DTS is {@code dts90k}:
   * the DTS less {@link #PCR_LEAD_90K}, wrapped, times 300 (a zero extension). It depends on
   * the DTS alone, so two muxers agree on it and it rises with the DTS.
   */
  static long pcrFor(long dts90k) {
    return wrap(dts90k - PCR_LEAD_90K) * 300;
  }
}
