package io.streaminglab.mpegts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A strict reader of the transport streams under test: packets, their fields, and PES. */
final class TsDemux {
  static final long NO_PCR = -1;

  /** One parsed packet. */
  record Packet(int pid, boolean unitStart, int continuityCounter, boolean hasAdaptation,
      boolean hasPayload, boolean discontinuity, boolean randomAccess, long pcr,
      byte[] stuffing, byte[] payload) {}

  /** One reassembled PES packet, header included, with its first packet's flags. */
  record Pes(int pid, boolean randomAccess, long pcr, int packetCount, byte[] bytes) {
    int streamId() {
      return bytes[3] & 0xFF;
    }

    int declaredLength() {
      return (bytes[4] & 0xFF) << 8 | bytes[5] & 0xFF;
    }

    boolean hasDts() {
      return (bytes[7] & 0xC0) == 0xC0;
    }

    long pts() {
      return timestamp(bytes, 9);
    }

    /** The DTS, or the PTS when no DTS is written. */
    long dts() {
      return hasDts() ? timestamp(bytes, 14) : pts();
    }

    byte[] payload() {
      int start = 9 + (bytes[8] & 0xFF);
      byte[] payload = new byte[bytes.length - start];
      System.arraycopy(bytes, start, payload, 0, payload.length);
      return payload;
    }
  }

  private TsDemux() {}

  static List<Packet> packets(byte[] ts) {
    assertThat(ts.length % 188).as("segment size modulo 188").isZero();
    List<Packet> packets = new ArrayList<>();
    for (int at = 0; at < ts.length; at += 188) {
      packets.add(packet(ts, at));
    }
    return packets;
  }

  static Packet packet(byte[] ts, int at) {
    assertThat(ts[at] & 0xFF).as("sync byte of the packet at %d", at).isEqualTo(0x47);
    assertThat(ts[at + 1] & 0x80).as("transport_error_indicator").isZero();
    int pid = (ts[at + 1] & 0x1F) << 8 | ts[at + 2] & 0xFF;
    boolean unitStart = (ts[at + 1] & 0x40) != 0;
    int control = (ts[at + 3] >> 4) & 0x03;
    assertThat(ts[at + 3] & 0xC0).as("transport_scrambling_control").isZero();
    assertThat(control).as("adaptation_field_control").isNotZero();
    int cc = ts[at + 3] & 0x0F;
    boolean hasAdaptation = (control & 2) != 0;
    boolean hasPayload = (control & 1) != 0;
    int position = at + 4;
    boolean discontinuity = false;
    boolean randomAccess = false;
    long pcr = NO_PCR;
    byte[] stuffing = new byte[0];
    if (hasAdaptation) {
      int length = ts[position] & 0xFF;
      int end = position + 1 + length;
      assertThat(end).as("adaptation field end").isLessThanOrEqualTo(at + 188);
      int cursor = position + 1;
      if (length > 0) {
        int flags = ts[cursor++] & 0xFF;
        discontinuity = (flags & 0x80) != 0;
        randomAccess = (flags & 0x40) != 0;
        assertThat(flags & 0x2F).as("flags this muxer never sets").isZero();
        if ((flags & 0x10) != 0) {
          long base = (ts[cursor] & 0xFFL) << 25 | (ts[cursor + 1] & 0xFFL) << 17
              | (ts[cursor + 2] & 0xFFL) << 9 | (ts[cursor + 3] & 0xFFL) << 1
              | (ts[cursor + 4] & 0xFF) >> 7;
          assertThat(ts[cursor + 4] & 0x7E).as("PCR reserved bits").isEqualTo(0x7E);
          int extension = (ts[cursor + 4] & 0x01) << 8 | ts[cursor + 5] & 0xFF;
          pcr = base * 300 + extension;
          cursor += 6;
        }
      }
      stuffing = Arrays.copyOfRange(ts, cursor, end);
      position = end;
    }
    byte[] payload = hasPayload
        ? Arrays.copyOfRange(ts, position, at + 188) : new byte[0];
    return new Packet(pid, unitStart, cc, hasAdaptation, hasPayload, discontinuity,
        randomAccess, pcr, stuffing, payload);
  }

  /** The PES packets of every PID other than the PAT and PMT, in the order they start. */
  static List<Pes> pes(byte[] ts) {
    List<Builder> started = new ArrayList<>();
    Map<Integer, Builder> open = new HashMap<>();
    for (Packet packet : packets(ts)) {
      if (packet.pid() == TsSegmentWriter.PAT_PID || packet.pid() == TsSegmentWriter.PMT_PID) {
        continue;
      }
      if (packet.unitStart()) {
        Builder builder = new Builder(packet);
        started.add(builder);
        open.put(packet.pid(), builder);
      }
      Builder builder = open.get(packet.pid());
      assertThat(builder).as("a PES continues only after it started").isNotNull();
      builder.bytes.writeBytes(packet.payload());
      builder.packets++;
    }
    return started.stream().map(Builder::build).toList();
  }

  /** PES of one PID. */
  static List<Pes> pes(byte[] ts, int pid) {
    return pes(ts).stream().filter(p -> p.pid() == pid).toList();
  }

  static long timestamp(byte[] b, int at) {
    return ((b[at] & 0x0EL) << 29) | ((b[at + 1] & 0xFFL) << 22) | ((b[at + 2] & 0xFEL) << 14)
        | ((b[at + 3] & 0xFFL) << 7) | ((b[at + 4] & 0xFEL) >> 1);
  }

  private static final class Builder {
    final Packet first;
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int packets;

    Builder(Packet first) {
      this.first = first;
    }

    Pes build() {
      return new Pes(first.pid(), first.randomAccess(), first.pcr(), packets, bytes.toByteArray());
    }
  }
}
