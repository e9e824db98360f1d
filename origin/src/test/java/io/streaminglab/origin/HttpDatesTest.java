package io.streaminglab.origin;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.DateFormatter;
import io.netty.util.AsciiString;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;

class HttpDatesTest {
  private final HttpDates dates = new HttpDates();

  @Test
  void formatsAnHttpDate() {
    long second = Instant.parse("2026-03-01T12:00:07Z").getEpochSecond();

    assertThat(dates.format(second).toString()).isEqualTo("Sun, 01 Mar 2026 12:00:07 GMT");
    assertThat(dates.format(0).toString())
        .isEqualTo(DateFormatter.format(new Date(0)));
  }

  @Test
  void aSecondIsFormattedOnceAndTheNextOneAfresh() {
    long second = Instant.parse("2026-03-01T12:00:07Z").getEpochSecond();

    AsciiString first = dates.format(second);

    assertThat((Object) dates.format(second)).isSameAs(first);
    assertThat((Object) dates.formatMillis(second * 1000 + 999)).isSameAs(first);
    assertThat(dates.formatMillis(second * 1000 + 1000).toString())
        .isEqualTo("Sun, 01 Mar 2026 12:00:08 GMT");
    assertThat(dates.format(second).toString()).isEqualTo("Sun, 01 Mar 2026 12:00:07 GMT");
  }

  @Test
  void millisecondsBeforeTheEpochFallInTheSecondBefore() {
    assertThat(dates.formatMillis(-1).toString()).isEqualTo("Wed, 31 Dec 1969 23:59:59 GMT");
  }
}
