package io.streaminglab.mpegts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Crc32Mpeg2Test {
  @Test
  void matchesTheCatalogueCheckValue() {
    byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);

    assertThat(Crc32Mpeg2.of(check, 0, check.length)).isEqualTo(0x0376E6E7);
  }

  @Test
  void leavesZeroOverASectionThatEndsWithItsOwnCrc() {
    byte[] pat = PsiSections.pat(1, 1, 0x1000);

    assertThat(Crc32Mpeg2.of(pat, 0, pat.length)).isZero();
  }
}
