package io.streaminglab.switcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdminJsonTest {
  private static final ObjectMapper READER = new ObjectMapper();

  @Test
  void compactJsonIsOneLineAndIndentedJsonIsForPeople() throws Exception {
    Map<String, Object> value = Map.of("status", "ok");

    String compact = new String(AdminJson.compact(value), StandardCharsets.UTF_8);
    String indented = new String(AdminJson.indented(value), StandardCharsets.UTF_8);

    assertThat(compact).isEqualTo("{\"status\":\"ok\"}");
    assertThat(indented).contains("\n").contains("\"status\" : \"ok\"");
    assertThat(READER.readTree(indented)).isEqualTo(READER.readTree(compact));
  }

  @Test
  void anErrorAnswerCarriesItsSentenceEscapedAsJson() throws Exception {
    String sentence = "Component \"origin-9\" is unknown; use \\admin\\components.";

    FullHttpResponse response = SwitcherHandler.jsonError(HttpResponseStatus.NOT_FOUND,
        sentence);
    try {
      JsonNode body = READER.readTree(response.content().toString(StandardCharsets.UTF_8));

      assertThat(response.status()).isEqualTo(HttpResponseStatus.NOT_FOUND);
      assertThat(response.headers().get("Content-Type")).isEqualTo("application/json");
      assertThat(body.get("error").asText()).isEqualTo(sentence);
    } finally {
      response.release();
    }
  }
}
