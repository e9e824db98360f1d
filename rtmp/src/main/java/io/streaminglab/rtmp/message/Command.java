package io.streaminglab.rtmp.message;

import io.streaminglab.media.amf0.Amf0Exception;
import io.streaminglab.media.amf0.Amf0Reader;
import io.streaminglab.media.amf0.Amf0Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An RTMP command message (RTMP specification 1.0, section 7.2): a name, a transaction id, a
 * command object (often null) and optional arguments, all AMF0.
 *
 * @param name the command name, such as {@code connect} or {@code publish}
 * @param transactionId the transaction id the answer must carry
 * @param commandObject the command object, a map or null
 * @param arguments the values after the command object
 */
public record Command(String name, double transactionId, Object commandObject,
    List<Object> arguments) {

  public Command {
    Objects.requireNonNull(name, "name == null");
    arguments = Collections.unmodifiableList(new ArrayList<>(arguments));
  }

  public static Command of(String name, double transactionId, Object commandObject,
      Object... arguments) {
    return new Command(name, transactionId, commandObject, Arrays.asList(arguments));
  }

  /**
   * Reads a command from an AMF0 (type 20) or AMF3 (type 17, AMF0-encoded) command message.
   *
   * @throws RtmpProtocolException when the body is not a well-formed command
   */
  public static Command decode(RtmpMessage message) {
    byte[] body = message.payload();
    int offset = 0;
    if (message.typeId() == MessageType.COMMAND_AMF3) {
      // An AMF3 command message starts with a format byte; every known client then uses AMF0.
      offset = 1;
    } else if (message.typeId() != MessageType.COMMAND_AMF0) {
      throw new IllegalArgumentException("not a command message: " + message);
    }
    List<Object> values;
    try {
      values = new Amf0Reader(body, offset, body.length - offset).readAll();
    } catch (Amf0Exception e) {
      throw new RtmpProtocolException("malformed AMF0 in command message: " + e.getMessage(), e);
    }
    if (values.size() < 2 || !(values.get(0) instanceof String)
        || !(values.get(1) instanceof Double)) {
      throw new RtmpProtocolException(
          "command message does not start with a name and a transaction id");
    }
    Object commandObject = values.size() > 2 ? values.get(2) : null;
    List<Object> arguments = values.size() > 3 ? values.subList(3, values.size()) : List.of();
    return new Command((String) values.get(0), (Double) values.get(1), commandObject, arguments);
  }

  /** The argument at {@code index} if it is a string, else null. */
  public String stringArgument(int index) {
    return index < arguments.size() && arguments.get(index) instanceof String
        ? (String) arguments.get(index) : null;
  }

  /** The argument at {@code index} if it is a number, else {@code fallback}. */
  public double numberArgument(int index, double fallback) {
    return index < arguments.size() && arguments.get(index) instanceof Double
        ? (Double) arguments.get(index) : fallback;
  }

  /** A string property of the command object, or null. */
  public String objectString(String key) {
    if (commandObject instanceof Map) {
      Object value = ((Map<?, ?>) commandObject).get(key);
      return value instanceof String ? (String) value : null;
    }
    return null;
  }

  /** This command as an AMF0 command message on {@code streamId}. */
  public RtmpMessage toMessage(int streamId) {
    Amf0Writer writer = new Amf0Writer();
    writer.writeString(name);
    writer.writeNumber(transactionId);
    writer.write(commandObject);
    for (Object argument : arguments) {
      writer.write(argument);
    }
    return new RtmpMessage(ChunkStreams.COMMAND, MessageType.COMMAND_AMF0, 0, streamId,
        writer.toByteArray());
  }
}
