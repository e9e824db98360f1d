package io.streaminglab.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streaminglab.httpclient.FetchException;
import io.streaminglab.httpclient.HttpFetcher;
import io.streaminglab.httpclient.HttpFetcherConfig;
import io.streaminglab.httpclient.HttpResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code streaming-lab ctl}: failover drills on a running {@code up}, through the switcher's
 * admin API with the token that {@code up} stored, as {@code docker compose stop|start} was in
 * the seed lab.
 */
@Command(name = "ctl", mixinStandardHelpOptions = true,
    description = {
        "Stop, start or restart a component of a running 'up', or show the status of all.",
        "",
        "Components (the compose service names): publisher, ingest-primary, ingest-backup, "
            + "packager-primary, packager-backup, origin-primary, origin-backup, "
            + "switcher-primary, switcher-backup (ingest and switcher name the primaries). A "
            + "stop is a real fault: a port closes; a stopped packager stops writing while its "
            + "origin keeps serving the stale playlist.",
        "",
        "ctl reaches the lab through either switcher, so it keeps working while one is down; "
            + "a switcher is stopped and started through the other, and the last switcher "
            + "running is not stopped.",
        "",
        "Examples:  ctl stop origin-primary   ctl start origin-primary   ctl status"})
final class CtlCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> ACTIONS = List.of("stop", "start", "restart", "status");

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ACTION", description = "stop, start, restart or status.")
  String action;

  @Parameters(index = "1", arity = "0..1", paramLabel = "COMPONENT",
      description = "The component (all of them for status).")
  String component;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "The --data-dir of the running up, where it stored its admin token "
          + "(default: streaming-lab in the system's temporary directory).")
  Path dataDir;

  @Option(names = "--url", paramLabel = "URL",
      description = "The switcher's address, such as http://localhost:8080 (default: the one "
          + "up stored).")
  URI url;

  @Option(names = "--admin-token", paramLabel = "TOKEN",
      description = "The admin API's token (default: the one up stored).")
  String adminToken;

  @Mixin
  ConfigOption config;

  @Override
  public Integer call() throws Exception {
    if (!ACTIONS.contains(action)) {
      throw new LabException("Unknown action '" + action + "'; use stop, start, restart or "
          + "status.");
    }
    if (!action.equals("status") && component == null) {
      throw new LabException("Name the component to " + action + ", such as 'ctl " + action
          + " origin-primary'; 'ctl status' lists them.");
    }
    LabHandle handle = handle();
    PrintWriter out = spec.commandLine().getOut();
    try (HttpFetcher http = new HttpFetcher(HttpFetcherConfig.defaults())) {
      AdminClient admin = new AdminClient(http, handle, component);
      if (action.equals("status")) {
        new StatusTable(admin.get("/admin/components"), admin.get("/healthz"), component)
            .print(out);
      } else {
        JsonNode status = admin.post("/admin/components/" + component + "/" + action);
        out.println(status.path("name").asText() + ": "
            + (status.path("running").asBoolean() ? "running" : "stopped") + " ("
            + status.path("detail").asText() + ")");
      }
    }
    out.flush();
    return 0;
  }

  private LabHandle handle() {
    if (url != null && adminToken != null) {
      return new LabHandle(url, adminToken);
    }
    LabHandle stored = LabHandle.read(dataDir != null ? dataDir : UpCommand.DEFAULT_DATA_DIR);
    return url != null ? new LabHandle(url, adminToken != null ? adminToken : stored.token())
        : new LabHandle(stored.switchers(), adminToken != null ? adminToken : stored.token());
  }

  /**
   * The admin API over our HTTP client: JSON answers, one-sentence failures. It asks the
   * switchers in turn until one answers, the one {@code ctl} acts on last: a switcher cannot
   * report its own stop, and a stopped one cannot start itself.
   */
  private static final class AdminClient {
    private final HttpFetcher http;
    private final LabHandle handle;
    private final List<URI> order = new ArrayList<>();

    AdminClient(HttpFetcher http, LabHandle handle, String component) {
      this.http = http;
      this.handle = handle;
      String target = "switcher".equals(component) ? "switcher-primary" : component;
      handle.switchers().forEach((name, url) -> {
        if (!name.equals(target)) {
          order.add(url);
        }
      });
      if (handle.switchers().containsKey(target)) {
        order.add(handle.switchers().get(target));
      }
    }

    JsonNode get(String path) throws InterruptedException {
      return answer(path, false);
    }

    JsonNode post(String path) throws InterruptedException {
      return answer(path, true);
    }

    private JsonNode answer(String path, boolean post) throws InterruptedException {
      List<String> failures = new ArrayList<>();
      for (URI url : order) {
        try {
          return answer(url, path, post);
        } catch (Unreachable e) {
          failures.add(url + " (" + e.getMessage() + ")");
        }
      }
      throw new LabException("No lab answers at " + String.join(" or ", failures) + "; is "
          + "'bin/streaming-lab up' running? Give ctl its --data-dir or --url.");
    }

    /** A switcher that does not answer at all: the next one is asked. */
    private static final class Unreachable extends Exception {
      Unreachable(String why) {
        super(why, null, false, false);
      }
    }

    private JsonNode answer(URI url, String path, boolean post)
        throws InterruptedException, Unreachable {
      URI uri = URI.create(url.toString().replaceFirst("/+$", "") + path);
      Map<String, String> headers = Map.of("Authorization", "Bearer " + handle.token());
      HttpResult result;
      try {
        result = (post ? http.post(uri, headers) : http.get(uri, headers))
            .get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        throw new Unreachable(e.getCause() instanceof FetchException
            ? ((FetchException) e.getCause()).kind().name().toLowerCase(Locale.ROOT)
                .replace('_', ' ')
            : String.valueOf(e.getCause()));
      } catch (TimeoutException e) {
        throw new Unreachable("no answer within 30 s");
      }
      JsonNode body;
      try {
        body = JSON.readTree(result.body());
      } catch (IOException e) {
        throw new LabException(url + " answered " + result.status()
            + " with something other than JSON; is it a Streaming Lab switcher?");
      }
      if (result.status() == 401) {
        throw new LabException("The lab at " + url + " refused the admin token; "
            + "give ctl the --data-dir of that up, or its --admin-token.");
      }
      if (result.status() >= 400 && !path.equals("/healthz")) {
        throw new LabException(body.path("error").asText("The lab answered "
            + result.status() + "."));
      }
      return body;
    }
  }
}
