package io.streaminglab.ingest.rtmp;

import io.streaminglab.rtmp.message.Command;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code onStatus} and {@code _result} commands the ingest answers clients with. */
final class StatusMessages {
  private StatusMessages() {}

  static Command status(String code, String description) {
    return info("onStatus", "status", code, description);
  }

  static Command error(String code, String description) {
    return info("onStatus", "error", code, description);
  }

  static Command info(String commandName, String level, String code, String description) {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("level", level);
    info.put("code", code);
    info.put("description", description);
    return Command.of(commandName, 0, null, info);
  }

  static Command connectResult(double transactionId, double objectEncoding) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("fmsVer", "FMS/3,5,7,7009");
    properties.put("capabilities", 31.0);
    properties.put("mode", 1.0);
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("level", "status");
    info.put("code", "NetConnection.Connect.Success");
    info.put("description", "Connection succeeded.");
    info.put("objectEncoding", objectEncoding);
    return Command.of("_result", transactionId, properties, info);
  }

  static Command result(double transactionId, Object value) {
    return Command.of("_result", transactionId, null, value);
  }
}
