package io.streaminglab.rtmp.handshake;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC-SHA256 digests of the "complex" RTMP handshake that Flash Player, ffmpeg and OBS use.
 *
 * <p>A 1536-byte C1 or S1 carries a 32-byte digest at a position derived from four bytes of the
 * packet itself, in one of two layouts: the offset bytes at 8 (digest after byte 12) or at 772
 * (digest after byte 776). The digest is an HMAC of the packet without the digest bytes, keyed
 * with the first 30 bytes of the player key (C1) or the first 36 of the server key (S1). S2 and
 * C2 end with an HMAC of their first 1504 bytes, keyed with an HMAC of the peer's digest under
 * the whole (68- or 62-byte) key.
 */
final class HandshakeDigest {
  static final int PACKET_SIZE = 1536;
  static final int DIGEST_SIZE = 32;

  private static final byte[] KEY_TAIL = {
      (byte) 0xF0, (byte) 0xEE, (byte) 0xC2, 0x4A, (byte) 0x80, 0x68, (byte) 0xBE, (byte) 0xE8,
      0x2E, 0x00, (byte) 0xD0, (byte) 0xD1, 0x02, (byte) 0x9E, 0x7E, 0x57,
      0x6E, (byte) 0xEC, 0x5D, 0x2D, 0x29, (byte) 0x80, 0x6F, (byte) 0xAB,
      (byte) 0x93, (byte) 0xB8, (byte) 0xE6, 0x36, (byte) 0xCF, (byte) 0xEB, 0x31, (byte) 0xAE};

  /** "Genuine Adobe Flash Player 001" followed by the shared tail: 62 bytes. */
  static final byte[] PLAYER_KEY = concat("Genuine Adobe Flash Player 001", KEY_TAIL);
  /** "Genuine Adobe Flash Media Server 001" followed by the shared tail: 68 bytes. */
  static final byte[] SERVER_KEY = concat("Genuine Adobe Flash Media Server 001", KEY_TAIL);
  static final int PLAYER_KEY_PUBLIC_LENGTH = 30;
  static final int SERVER_KEY_PUBLIC_LENGTH = 36;

  /** Where the two layouts keep the four offset bytes. */
  static final int[] LAYOUT_OFFSET_BASES = {8, 772};

  private HandshakeDigest() {}

  /** The position of the digest in {@code packet} for the layout whose offset bytes are at base. */
  static int digestPosition(byte[] packet, int base) {
    int sum = (packet[base] & 0xFF) + (packet[base + 1] & 0xFF) + (packet[base + 2] & 0xFF)
        + (packet[base + 3] & 0xFF);
    return sum % 728 + base + 4;
  }

  /**
   * The position of a valid digest in {@code packet} keyed with the first {@code keyLength}
   * bytes of {@code key}, trying both layouts, or -1 when neither holds one.
   */
  static int findDigest(byte[] packet, byte[] key, int keyLength) {
    for (int base : LAYOUT_OFFSET_BASES) {
      int position = digestPosition(packet, base);
      byte[] expected = packetDigest(packet, position, key, keyLength);
      byte[] actual = Arrays.copyOfRange(packet, position, position + DIGEST_SIZE);
      if (MessageDigest.isEqual(expected, actual)) {
        return position;
      }
    }
    return -1;
  }

  /** Writes into {@code packet} its digest for the layout with offset bytes at {@code base}. */
  static int sign(byte[] packet, int base, byte[] key, int keyLength) {
    int position = digestPosition(packet, base);
    byte[] digest = packetDigest(packet, position, key, keyLength);
    System.arraycopy(digest, 0, packet, position, DIGEST_SIZE);
    return position;
  }

  /** The HMAC of {@code packet} without the 32 bytes at {@code position}. */
  static byte[] packetDigest(byte[] packet, int position, byte[] key, int keyLength) {
    Mac mac = hmac(Arrays.copyOf(key, keyLength));
    mac.update(packet, 0, position);
    mac.update(packet, position + DIGEST_SIZE, packet.length - position - DIGEST_SIZE);
    return mac.doFinal();
  }

  /**
   * Fills the last 32 bytes of a response packet (S2 or C2) with its signature: an HMAC of the
   * first 1504 bytes keyed with HMAC(fullKey, peerDigest).
   */
  static void signResponse(byte[] response, byte[] peerDigest, byte[] fullKey) {
    byte[] signature = responseSignature(response, peerDigest, fullKey);
    System.arraycopy(signature, 0, response, PACKET_SIZE - DIGEST_SIZE, DIGEST_SIZE);
  }

  static byte[] responseSignature(byte[] response, byte[] peerDigest, byte[] fullKey) {
    byte[] responseKey = hmac(fullKey).doFinal(peerDigest);
    Mac mac = hmac(responseKey);
    mac.update(response, 0, PACKET_SIZE - DIGEST_SIZE);
    return mac.doFinal();
  }

  private static Mac hmac(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  private static byte[] concat(String text, byte[] tail) {
    byte[] head = text.getBytes(StandardCharsets.US_ASCII);
    byte[] key = Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, key, head.length, tail.length);
    return key;
  }
}
