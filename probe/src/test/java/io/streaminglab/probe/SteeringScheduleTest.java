package io.streaminglab.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When and where the steering manifest is loaded. */
class SteeringScheduleTest {
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private static final URI SERVER = URI.create("http://127.0.0.1:8080/hls/steering.json");

  @Test
  void theFirstLoadIsDueAtOnceWithPathwayAndThroughputAsHlsJsSendsThem() {
    SteeringSchedule schedule = new SteeringSchedule(SERVER, T0);

    assertThat(schedule.nextLoadAt()).isEqualTo(T0);
    assertThat(schedule.requestUri("primary", 1_234_567)).isEqualTo(URI.create(
        "http://127.0.0.1:8080/hls/steering.json?_HLS_pathway=primary&_HLS_throughput=1234567"));
  }

  @Test
  void otherQueryParametersStayAndOldSteeringOnesAreReplaced() {
    SteeringSchedule schedule = new SteeringSchedule(URI.create(
        "http://h/s.json?session=a%20b&_HLS_pathway=old&_HLS_throughput=1"), T0);

    assertThat(schedule.requestUri("backup", 0)).isEqualTo(URI.create(
        "http://h/s.json?session=a%20b&_HLS_pathway=backup&_HLS_throughput=0"));
  }

  @Test
  void aManifestSetsTheNextLoadTtlLaterAtItsReloadUri() {
    SteeringSchedule schedule = new SteeringSchedule(SERVER, T0);
    URI requested = schedule.requestUri("primary", 1);

    schedule.loaded(requested, new SteeringManifest(1, 10, "next.json?s=2", List.of("b")),
        T0.plusSeconds(1));

    assertThat(schedule.nextLoadAt()).isEqualTo(T0.plusSeconds(11));
    assertThat(schedule.requestUri("b", 5)).isEqualTo(URI.create(
        "http://127.0.0.1:8080/hls/next.json?s=2&_HLS_pathway=b&_HLS_throughput=5"));
  }

  @Test
  void aFailedLoadTriesAgainAfterTheLastTtlAndGoneStopsSteering() {
    SteeringSchedule schedule = new SteeringSchedule(SERVER, T0);
    schedule.failed(503, T0);
    assertThat(schedule.nextLoadAt()).isEqualTo(T0.plus(SteeringSchedule.DEFAULT_TTL));

    schedule.loaded(SERVER, new SteeringManifest(1, 4, null, List.of("a")), T0);
    schedule.failed(0, T0.plusSeconds(4));
    assertThat(schedule.nextLoadAt()).isEqualTo(T0.plusSeconds(8));

    schedule.failed(410, T0.plusSeconds(8));
    assertThat(schedule.nextLoadAt()).isNull();
  }

  @Test
  void aReloadUriThatIsNotHttpIsRefused() {
    SteeringSchedule schedule = new SteeringSchedule(SERVER, T0);

    assertThatThrownBy(() -> schedule.loaded(SERVER,
        new SteeringManifest(1, 4, "file:///etc/passwd", List.of("a")), T0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an http URL");
    assertThat(schedule.requestUri("a", 1).getPath()).isEqualTo("/hls/steering.json");
  }
}
