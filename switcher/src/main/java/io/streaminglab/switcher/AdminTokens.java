package io.streaminglab.switcher;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Admin API tokens: 32 random bytes in hex when the operator configured none. */
public final class AdminTokens {
  private static final SecureRandom RANDOM = new SecureRandom();

  private AdminTokens() {}

  public static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
