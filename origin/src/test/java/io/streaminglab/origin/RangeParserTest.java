package io.streaminglab.origin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streaminglab.origin.RangeParser.Outcome;
import io.streaminglab.origin.RangeParser.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RangeParserTest {
  private static final long SIZE = 1000;

  @Test
  void noHeaderMeansTheWholeFile() {
    assertThat(RangeParser.parse(null, SIZE).outcome()).isEqualTo(Outcome.WHOLE);
  }

  @Test
  void firstToLastIsInclusive() {
    assertThat(RangeParser.parse("bytes=0-99", SIZE))
        .isEqualTo(new Result(Outcome.PARTIAL, 0, 99));
    assertThat(RangeParser.parse("bytes=0-99", SIZE).length()).isEqualTo(100);
  }

  @Test
  void openEndedRangeRunsToTheEnd() {
    assertThat(RangeParser.parse("bytes=100-", SIZE))
        .isEqualTo(new Result(Outcome.PARTIAL, 100, 999));
  }

  @Test
  void suffixRangeIsTheLastBytes() {
    assertThat(RangeParser.parse("bytes=-100", SIZE))
        .isEqualTo(new Result(Outcome.PARTIAL, 900, 999));
  }

  @Test
  void suffixLongerThanTheFileIsTheWholeFileAsARange() {
    assertThat(RangeParser.parse("bytes=-5000", SIZE))
        .isEqualTo(new Result(Outcome.PARTIAL, 0, 999));
  }

  @Test
  void lastPositionPastTheEndIsClamped() {
    assertThat(RangeParser.parse("bytes=500-5000", SIZE))
        .isEqualTo(new Result(Outcome.PARTIAL, 500, 999));
  }

  @Test
  void unitIsCaseInsensitiveAndSpacesAroundTheRangeAreAllowed() {
    assertThat(RangeParser.parse("BYTES= 0-0 ", SIZE))
        .isEqualTo(new Result(Outcome.PARTIAL, 0, 0));
  }

  @ParameterizedTest
  @ValueSource(strings = {"bytes=1000-", "bytes=1000-2000", "bytes=-0", "bytes=5000-6000"})
  void rangesStartingPastTheEndAreUnsatisfiable(String header) {
    assertThat(RangeParser.parse(header, SIZE).outcome()).isEqualTo(Outcome.UNSATISFIABLE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"bytes=0-", "bytes=0-10", "bytes=-1"})
  void everyRangeOfAnEmptyFileIsUnsatisfiable(String header) {
    assertThat(RangeParser.parse(header, 0).outcome()).isEqualTo(Outcome.UNSATISFIABLE);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "bytes", "bytes=", "bytes=-", "bytes=abc", "bytes=5-3", "items=0-1", "bytes=0-1,5-6",
      "bytes=0-1, 3-", "bytes=+1-2", "bytes=1--2", "bytes=1-2-3", "bytes=0x10-20",
      "bytes=99999999999999999999-", "bytes=-99999999999999999999", "bytes=1 -2"})
  void headersItDoesNotUnderstandAreIgnored(String header) {
    assertThat(RangeParser.parse(header, SIZE).outcome()).isEqualTo(Outcome.WHOLE);
  }

  @Test
  void negativeSizeIsAProgrammingError() {
    assertThatThrownBy(() -> RangeParser.parse("bytes=0-1", -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size");
  }
}
