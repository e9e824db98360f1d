package io.streaminglab.ingest.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class StreamPathTest {

  @ParameterizedTest
  @CsvSource({
      "mystream, '', mystream",
      "'', mystream, mystream",
      "live, mystream, live/mystream",
      "/live/, /mystream, live/mystream",
      "live?key=abc, mystream, live/mystream",
      "live, mystream?key=abc&x=1, live/mystream",
      "live/sub, a.b-c_d~e, live/sub/a.b-c_d~e"})
  void joinsApplicationAndNameWithoutQueries(String app, String name, String path) {
    assertThat(StreamPath.of(app, name).path()).isEqualTo(path);
  }

  @Test
  void keepsTheQueryParametersTheNameWinning() {
    StreamPath path = StreamPath.of("live?key=app&who=obs", "mystream?key=name");

    assertThat(path.query()).containsEntry("key", "name").containsEntry("who", "obs");
  }

  @ParameterizedTest
  @CsvSource({"'', ''", "live, ../etc", "live, a b", "live, 'x\u0000y'", "'', ?key=only"})
  void refusesEmptyOrUnsafeNames(String app, String name) {
    assertThatThrownBy(() -> StreamPath.of(app, name))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
