package io.streaminglab.switcher;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API's component routes, behind the token check: {@code GET /admin/components} lists
 * them, {@code POST /admin/components/NAME/stop|start|restart} acts on one. Answers are JSON;
 * errors are {@code {"error": "one sentence"}}.
 */
final class ComponentRequests {
  private static final Logger log = LoggerFactory.getLogger(ComponentRequests.class);

  private ComponentRequests() {}

  /**
   * Answers one request. May block while a component stops or starts, so callers run it off the
   * event loop.
   *
   * @param action the path after {@code /admin/}: {@code components} or {@code
   *     components/NAME/ACTION}
   */
  static FullHttpResponse answer(ComponentControl control, HttpMethod method, String action) {
    String[] parts = action.split("/", -1);
    if (parts.length == 1) {
      if (!method.equals(HttpMethod.GET)) {
        return error(HttpResponseStatus.METHOD_NOT_ALLOWED, "Use GET to list the components.");
      }
      ObjectNode root = AdminJson.object();
      ArrayNode list = root.putArray("components");
      for (ComponentStatus status : control.components()) {
        list.add(node(status));
      }
      return ok(root);
    }
    if (parts.length != 3) {
      return error(HttpResponseStatus.NOT_FOUND,
          "Use /admin/components or /admin/components/NAME/stop|start|restart.");
    }
    if (!method.equals(HttpMethod.POST)) {
      return error(HttpResponseStatus.METHOD_NOT_ALLOWED, "Use POST for admin actions.");
    }
    String name = parts[1];
    String verb = parts[2];
    try {
      ComponentStatus status;
      switch (verb) {
        case "stop":
          status = control.stop(name);
          break;
        case "start":
          status = control.start(name);
          break;
        case "restart":
          status = control.restart(name);
          break;
        default:
          return error(HttpResponseStatus.NOT_FOUND,
              "Unknown action '" + verb + "'; use stop, start or restart.");
      }
      log.warn("Admin API: {} {}", verb, name);
      return ok(node(status));
    } catch (UnknownComponentException e) {
      return error(HttpResponseStatus.NOT_FOUND, e.getMessage());
    } catch (IllegalStateException e) {
      return error(HttpResponseStatus.CONFLICT, e.getMessage());
    }
  }

  private static ObjectNode node(ComponentStatus status) {
    ObjectNode node = AdminJson.object();
    node.put("name", status.name());
    node.put("running", status.running());
    node.put("detail", status.detail());
    return node;
  }

  private static FullHttpResponse ok(ObjectNode body) {
    return SwitcherHandler.response(HttpResponseStatus.OK, AdminJson.compact(body),
        "application/json");
  }

  private static FullHttpResponse error(HttpResponseStatus status, String message) {
    return SwitcherHandler.jsonError(status, message);
  }
}
