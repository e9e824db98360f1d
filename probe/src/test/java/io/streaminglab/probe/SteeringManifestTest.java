package io.streaminglab.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Steering manifests as hls.js reads them, and the hostile ones it must ignore. */
class SteeringManifestTest {
  @Test
  void readsTheFieldsHlsJsUses() throws Exception {
    SteeringManifest manifest = parse("{\"VERSION\":1,\"TTL\":10,"
        + "\"RELOAD-URI\":\"steering.json?session=1\","
        + "\"PATHWAY-PRIORITY\":[\"backup\",\"primary\"],"
        + "\"PATHWAY-CLONES\":[{\"BASE-ID\":\"primary\",\"ID\":\"c\",\"URI-REPLACEMENT\":{}}]}");

    assertThat(manifest.version()).isEqualTo(1);
    assertThat(manifest.ttlSeconds()).isEqualTo(10);
    assertThat(manifest.reloadUri()).isEqualTo("steering.json?session=1");
    assertThat(manifest.pathwayPriority()).containsExactly("backup", "primary");
  }

  @Test
  void roundTripsThroughItsOwnJson() throws Exception {
    SteeringManifest manifest = new SteeringManifest(1, 5, null, java.util.List.of("a", "b"));

    assertThat(SteeringManifest.parse(manifest.toJson().getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(manifest);
  }

  @Test
  void aFractionalTtlIsRoundedUp() throws Exception {
    assertThat(parse("{\"VERSION\":1,\"TTL\":0.5e1,\"PATHWAY-PRIORITY\":[\"a\"]}").ttlSeconds())
        .isEqualTo(5);
    assertThat(parse("{\"VERSION\":1,\"TTL\":2.1,\"PATHWAY-PRIORITY\":[\"a\"]}").ttlSeconds())
        .isEqualTo(3);
  }

  @Test
  void refusesOtherVersionsMissingFieldsAndBadPathwayIds() {
    assertRefused("{\"VERSION\":2,\"TTL\":10,\"PATHWAY-PRIORITY\":[\"a\"]}", "VERSION");
    assertRefused("{\"TTL\":10,\"PATHWAY-PRIORITY\":[\"a\"]}", "VERSION");
    assertRefused("{\"VERSION\":1,\"PATHWAY-PRIORITY\":[\"a\"]}", "TTL");
    assertRefused("{\"VERSION\":1,\"TTL\":0,\"PATHWAY-PRIORITY\":[\"a\"]}", "TTL");
    assertRefused("{\"VERSION\":1,\"TTL\":1e300,\"PATHWAY-PRIORITY\":[\"a\"]}", "TTL");
    assertRefused("{\"VERSION\":1,\"TTL\":10}", "PATHWAY-PRIORITY");
    assertRefused("{\"VERSION\":1,\"TTL\":10,\"PATHWAY-PRIORITY\":[]}", "PATHWAY-PRIORITY");
    assertRefused("{\"VERSION\":1,\"TTL\":10,\"PATHWAY-PRIORITY\":[\"a b\"]}", "pathway ID");
    assertRefused("{\"VERSION\":1,\"TTL\":10,\"PATHWAY-PRIORITY\":[3]}", "pathway ID");
    assertRefused("{\"VERSION\":1,\"TTL\":10,\"RELOAD-URI\":7,\"PATHWAY-PRIORITY\":[\"a\"]}",
        "RELOAD-URI");
  }

  @Test
  void refusesWhatIsNotAJsonObject() {
    assertRefused("", "not");
    assertRefused("[1,2]", "not a JSON object");
    assertRefused("{\"VERSION\":1,", "not valid JSON");
    assertRefused("<html>503</html>", "not valid JSON");
  }

  @Test
  void refusesHugeOrDeeplyNestedInput() {
    assertRefused("{\"x\":\"" + "a".repeat(SteeringManifest.MAX_BYTES) + "\"}", "more than");
    assertRefused("[".repeat(100) + "]".repeat(100), "not valid JSON");
    StringBuilder many = new StringBuilder("{\"VERSION\":1,\"TTL\":1,\"PATHWAY-PRIORITY\":[");
    for (int i = 0; i <= SteeringManifest.MAX_PATHWAYS; i++) {
      many.append(i == 0 ? "" : ",").append("\"p").append(i).append('"');
    }
    assertRefused(many + "]}", "more than " + SteeringManifest.MAX_PATHWAYS);
  }

  private static SteeringManifest parse(String json) throws SteeringManifestException {
    return SteeringManifest.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertRefused(String json, String message) {
    assertThatThrownBy(() -> parse(json)).isInstanceOf(SteeringManifestException.class)
        .hasMessageContaining(message);
  }
}
