package io.streaminglab.rtmp.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streaminglab.media.amf0.Amf0Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandTest {

  @Test
  void aConnectCommandSurvivesARoundTrip() {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("app", "live");
    properties.put("tcUrl", "rtmp://127.0.0.1:1936/live");
    Command connect = Command.of("connect", 1, properties);

    Command decoded = Command.decode(connect.toMessage(0));

    assertThat(decoded.name()).isEqualTo("connect");
    assertThat(decoded.transactionId()).isEqualTo(1.0);
    assertThat(decoded.objectString("app")).isEqualTo("live");
    assertThat(decoded.arguments()).isEmpty();
  }

  @Test
  void argumentsAfterTheCommandObjectAreKept() {
    Command publish = Command.of("publish", 5, null, "mystream?key=k", "live");

    Command decoded = Command.decode(publish.toMessage(1));

    assertThat(decoded.commandObject()).isNull();
    assertThat(decoded.stringArgument(0)).isEqualTo("mystream?key=k");
    assertThat(decoded.stringArgument(1)).isEqualTo("live");
    assertThat(decoded.stringArgument(2)).isNull();
  }

  @Test
  void anAmf3CommandMessageIsReadAfterItsFormatByte() {
    byte[] amf0 = Amf0Writer.encode("createStream", 2.0, null);
    byte[] body = new byte[amf0.length + 1];
    System.arraycopy(amf0, 0, body, 1, amf0.length);

    Command decoded = Command.decode(new RtmpMessage(3, MessageType.COMMAND_AMF3, 0, 0, body));

    assertThat(decoded.name()).isEqualTo("createStream");
    assertThat(decoded.transactionId()).isEqualTo(2.0);
  }

  @Test
  void aCommandWithoutNameAndTransactionIsAProtocolError() {
    RtmpMessage message = new RtmpMessage(3, MessageType.COMMAND_AMF0, 0, 0,
        Amf0Writer.encode(1.0, "connect"));

    assertThatThrownBy(() -> Command.decode(message))
        .isInstanceOf(RtmpProtocolException.class)
        .hasMessageContaining("name and a transaction id");
  }

  @Test
  void truncatedAmf0IsAProtocolError() {
    RtmpMessage message = new RtmpMessage(3, MessageType.COMMAND_AMF0, 0, 0,
        new byte[] {2, 0, 7, 'c', 'o'});

    assertThatThrownBy(() -> Command.decode(message))
        .isInstanceOf(RtmpProtocolException.class)
        .hasMessageContaining("malformed AMF0");
  }
}
