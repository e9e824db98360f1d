package io.streaminglab.lab.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streaminglab.lab.StreamingLab;
import io.streaminglab.lab.monitoring.MonitoringFiles;
import io.streaminglab.lab.monitoring.PrometheusFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * No Docker engine runs on our machines, so the Docker deployment is checked here: both compose
 * files and the Dockerfile are parsed, and their services, volumes, ports, health checks and
 * hardening are checked against each other, against configs/nginx-origin.conf and
 * monitoring/prometheus.yml, and every command line of our image against the real CLI.
 */
class ComposeFilesTest {
  private static final String IMAGE = "streaming-lab:latest";
  /** The seed's services, with its one ingest and its one switcher made redundant pairs. */
  private static final Set<String> SERVICES = Set.of("ingest-primary", "ingest-backup",
      "publisher", "ffmpeg-pub", "packager-primary", "packager-backup", "origin-primary",
      "origin-backup", "switcher-primary", "switcher-backup");
  private static final Set<String> SEED_SWITCHER_VARIABLES = Set.of("PRIMARY_BASE_URL",
      "BACKUP_BASE_URL", "PLAYLIST_PATH", "CHECK_INTERVAL_SECONDS",
      "SEGMENT_AGE_THRESHOLD_SECONDS", "REQUIRED_WINDOWS");

  private final Path root = MonitoringFiles.repositoryRoot();
  private final JsonNode lab = MonitoringFiles.yaml(root.resolve("docker-compose.yml"));
  private final JsonNode monitoring =
      MonitoringFiles.yaml(root.resolve("monitoring/docker-compose.yml"));
  private final Dockerfile dockerfile = Dockerfile.read(root.resolve("Dockerfile"));
  private final String nginx = read(root.resolve("configs/nginx-origin.conf"));

  @Test
  void theLabHasTheSeedsServicesWithTwoIngestsAndTwoSwitchersExactly() {
    assertThat(names(lab.path("services"))).containsExactlyInAnyOrderElementsOf(SERVICES);
    assertThat(lab.path("name").asText()).isEqualTo("streaming-lab");
  }

  @Test
  void ffmpegPubIsTheOnlyServiceBehindTheManualProfile() {
    lab.path("services").fields().forEachRemaining(service -> {
      if (service.getKey().equals("ffmpeg-pub")) {
        assertThat(strings(service.getValue().path("profiles"))).containsExactly("manual");
      } else {
        assertThat(service.getValue().has("profiles")).as(service.getKey()).isFalse();
      }
    });
  }

  @Test
  void eachPackagerWritesItsOwnNamedVolumeAndItsOriginServesItWithOurNginxConfig()
  {
    assertThat(names(lab.path("volumes"))).containsExactlyInAnyOrder("hls_primary",
        "hls_backup");
    String served = match(nginx, "\\n\\s*root\\s+([^;]+);") + "/hls";
    for (String side : List.of("primary", "backup")) {
      ParseResult packager = role(service("packager-" + side));
      String out = packager.matchedOptionValue("--out", null).toString();
      assertThat(packager.matchedOptionValue("--name", "")).isEqualTo(side);
      assertThat(strings(service("packager-" + side).path("volumes")))
          .containsExactly("hls_" + side + ":" + out);

      JsonNode origin = service("origin-" + side);
      assertThat(origin.path("image").asText()).startsWith("nginx:");
      assertThat(strings(origin.path("volumes"))).containsExactlyInAnyOrder(
          "hls_" + side + ":" + served + ":ro",
          "./configs/nginx-origin.conf:/etc/nginx/conf.d/default.conf:ro");
    }
  }

  @Test
  void theSeedsPortsArePublishedAndEachReachesWhatItsServiceListensOn() {
    Map<String, List<String>> published = new HashMap<>();
    lab.path("services").fields().forEachRemaining(service ->
        published.put(service.getKey(), strings(service.getValue().path("ports"))));
    assertThat(published).containsEntry("ingest-primary", List.of("1936:1936"))
        .containsEntry("ingest-backup", List.of("1937:1937"))
        .containsEntry("origin-primary", List.of("8081:80"))
        .containsEntry("origin-backup", List.of("8082:80"))
        .containsEntry("switcher-primary", List.of("8080:8080"))
        .containsEntry("switcher-backup", List.of("8083:8083"));
    for (String quiet : List.of("publisher", "ffmpeg-pub", "packager-primary",
        "packager-backup")) {
      assertThat(published.get(quiet)).as(quiet).isEmpty();
    }
    published.forEach((name, ports) -> ports.forEach(mapping -> {
      int containerPort = Integer.parseInt(mapping.substring(mapping.lastIndexOf(':') + 1));
      assertThat(listeningPorts(name)).as("%s publishes %s", name, mapping)
          .contains(containerPort);
    }));
  }

  @Test
  void everyServiceIsHardened() {
    for (JsonNode file : List.of(lab, monitoring)) {
      file.path("services").fields().forEachRemaining(entry -> {
        String name = entry.getKey();
        JsonNode service = entry.getValue();
        assertThat(service.path("read_only").asBoolean()).as("%s read_only", name).isTrue();
        assertThat(service.path("restart").asText()).as("%s restart", name)
            .matches("always|unless-stopped|on-failure(:\\d+)?");
        assertThat(strings(service.path("healthcheck").path("test"))).as("%s healthcheck", name)
            .isNotEmpty();
        assertThat(service.path("healthcheck").path("interval").asText()).as(name)
            .isNotEmpty();
        JsonNode limits = service.path("deploy").path("resources").path("limits");
        assertThat(limits.path("cpus").asText()).as("%s cpu limit", name).isNotEmpty();
        assertThat(limits.path("memory").asText()).as("%s memory limit", name)
            .matches("\\d+[MG]");
      });
    }
  }

  @Test
  void everyCommandLineOfOurImageParsesWithTheRealCli() {
    Set<String> roles = new TreeSet<>();
    lab.path("services").fields().forEachRemaining(entry -> {
      if (entry.getValue().path("image").asText().equals(IMAGE)) {
        assertThat(entry.getValue().path("build").asText()).as(entry.getKey()).isEqualTo(".");
        ParseResult parsed = parse(command(entry.getValue()));
        roles.add(parsed.subcommand().commandSpec().name());
        // Each role's JVM flags are the launcher's, as with bin/streaming-lab: a service
        // that set its own would replace them all (STREAMING_LAB_JAVA_OPTS) or the image's
        // heap bound (JDK_JAVA_OPTIONS).
        assertThat(names(entry.getValue().path("environment"))).as(entry.getKey())
            .doesNotContain("STREAMING_LAB_JAVA_OPTS", "JDK_JAVA_OPTIONS");
      }
    });
    assertThat(roles).containsExactlyInAnyOrder("ingest", "publish", "packager", "switcher");
    assertThat(parse(dockerfile.last("CMD").execForm()).subcommand().commandSpec().name())
        .isEqualTo("up");
  }

  @Test
  void healthChecksProbeWhatTheirServicesListenOn() {
    for (String name : names(lab.path("services"))) {
      String test = String.join(" ", strings(service(name).path("healthcheck").path("test")));
      URI probed = URI.create(match(test, "(http://[^\\s\"']+)"));
      String target = probed.getHost().equals("127.0.0.1") ? name : probed.getHost();
      int port = probed.getPort() == -1 ? 80 : probed.getPort();
      assertThat(names(lab.path("services"))).as("%s probes %s", name, probed)
          .contains(target);
      assertThat(listeningPorts(target)).as("%s probes %s", name, probed).contains(port);
    }
  }

  @Test
  void thePublishersFeedBothIngestsAndEachPackagerReadsItsOwn() {
    Map<String, String> streams = new LinkedHashMap<>();
    streams.put("primary", "rtmp://ingest-primary:" + only(listeningPorts("ingest-primary"),
        1936) + "/mystream");
    streams.put("backup", "rtmp://ingest-backup:" + only(listeningPorts("ingest-backup"), 1937)
        + "/mystream");
    for (String side : streams.keySet()) {
      assertThat(role(service("ingest-" + side)).matchedOptionValue("--name", ""))
          .isEqualTo("ingest-" + side);
      assertThat(role(service("packager-" + side)).matchedOptionValue("--source", ""))
          .isEqualTo(streams.get(side));
    }
    assertThat(role(service("publisher")).matchedOptionValue("--url", List.<String>of()))
        .containsExactlyElementsOf(streams.values());

    // ffmpeg needs a shell for its clock: one encode, the tee muxer, both ingests.
    JsonNode ffmpeg = service("ffmpeg-pub");
    assertThat(strings(ffmpeg.path("entrypoint"))).containsExactly("sh", "-c");
    String script = String.join(" ", command(ffmpeg));
    assertThat(script).startsWith("exec ffmpeg ").contains("-g 60", "-flags:v +global_header",
        "testsrc2=size=1280x720:rate=30", "-metadata wallclock_at_zero_ms=$$(date +%s)000",
        "-f tee \"[f=flv:onfail=ignore]" + streams.get("primary")
            + "|[f=flv:onfail=ignore]" + streams.get("backup") + "\"");
  }

  @Test
  void eachSwitcherNamesTheChainAsPlayersReachItAndItsPeerByServiceName() {
    Map<String, String> peerOf = Map.of("switcher-primary", "switcher-backup",
        "switcher-backup", "switcher-primary");
    for (String name : peerOf.keySet()) {
      ParseResult switcher = role(service(name));
      assertThat(switcher.matchedOptionValue("--name", "")).isEqualTo(name);
      List<String> pathways = switcher.matchedOptionValue("--pathway", List.<String>of());
      assertThat(pathways).containsExactly(
          "switcher-primary=http://${STREAMING_LAB_PUBLIC_HOST:-localhost}:8080",
          "switcher-backup=http://${STREAMING_LAB_PUBLIC_HOST:-localhost}:8083");
      String peer = peerOf.get(name);
      int peerPort = only(listeningPorts(peer), peer.equals("switcher-primary") ? 8080 : 8083);
      assertThat(switcher.matchedOptionValue("--peer-url", List.<String>of()))
          .containsExactly(peer + "=http://" + peer + ":" + peerPort);
    }
  }

  @Test
  void bothSwitchersReachTheOriginsByServiceNameWithTheSeedsVariables() {
    for (String name : List.of("switcher-primary", "switcher-backup")) {
      assertReachesTheOrigins(name);
    }
  }

  private void assertReachesTheOrigins(String switcher) {
    JsonNode environment = service(switcher).path("environment");
    assertThat(names(environment)).isSubsetOf(SEED_SWITCHER_VARIABLES)
        .contains("PRIMARY_BASE_URL", "BACKUP_BASE_URL");
    for (String side : List.of("primary", "backup")) {
      URI base = URI.create(environment.path(side.toUpperCase() + "_BASE_URL").asText());
      assertThat(base.getHost()).isEqualTo("origin-" + side);
      assertThat(listeningPorts(base.getHost()))
          .contains(base.getPort() == -1 ? 80 : base.getPort());
      assertThat(base.getPath()).isEqualTo("/hls");
    }
    assertThat(strings(service(switcher).path("depends_on")))
        .containsExactlyInAnyOrder("origin-primary", "origin-backup");
  }

  @Test
  void everyDependencyIsAServiceOfTheSameFile() {
    for (JsonNode file : List.of(lab, monitoring)) {
      Set<String> services = new HashSet<>(names(file.path("services")));
      file.path("services").forEach(service -> {
        JsonNode dependsOn = service.path("depends_on");
        List<String> needed = dependsOn.isArray() ? strings(dependsOn) : names(dependsOn);
        assertThat(services).containsAll(needed);
      });
    }
  }

  @Test
  void prometheusScrapesEveryJavaComponentByServiceNameOnItsMetricsPort() {
    JsonNode config = MonitoringFiles.yaml(root.resolve("monitoring/prometheus.yml"));
    assertThat(config.path("global").path("scrape_interval").asText()).isEqualTo("5s");
    Map<String, String> scraped = new LinkedHashMap<>();
    for (JsonNode job : config.path("scrape_configs")) {
      for (JsonNode staticConfig : job.path("static_configs")) {
        for (String target : strings(staticConfig.path("targets"))) {
          scraped.put(target, job.path("job_name").asText());
        }
      }
    }
    Set<String> scrapedServices = new TreeSet<>();
    for (Map.Entry<String, String> target : scraped.entrySet()) {
      String host = target.getKey().substring(0, target.getKey().indexOf(':'));
      int port = Integer.parseInt(target.getKey().substring(target.getKey().indexOf(':') + 1));
      if (target.getValue().equals("prometheus")) {
        continue;
      }
      assertThat(names(lab.path("services"))).as(target.getKey()).contains(host);
      assertThat(metricsPort(host)).as(target.getKey()).isEqualTo(port);
      scrapedServices.add(host);
    }
    assertThat(scrapedServices).containsExactly("ingest-backup", "ingest-primary",
        "packager-backup", "packager-primary", "switcher-backup", "switcher-primary");
    assertThat(scraped).containsEntry("switcher-primary:8080", PrometheusFiles.JOB)
        .containsEntry("switcher-backup:8083", PrometheusFiles.JOB);
  }

  @Test
  void theMonitoringStackJoinsTheLabsNetworkWithTheShippedFiles() {
    assertThat(names(monitoring.path("services")))
        .containsExactlyInAnyOrder("prometheus", "grafana");
    assertThat(strings(monitoring.path("services").path("prometheus").path("ports")))
        .containsExactly("9090:9090");
    assertThat(strings(monitoring.path("services").path("grafana").path("ports")))
        .containsExactly("3000:3000");
    JsonNode network = monitoring.path("networks").path("default");
    assertThat(network.path("external").asBoolean()).isTrue();
    assertThat(network.path("name").asText())
        .isEqualTo(lab.path("name").asText() + "_default");

    Map<String, String> prometheusMounts = mounts(monitoring.path("services").path("prometheus"));
    assertThat(prometheusMounts).containsEntry("./prometheus.yml",
        "/etc/prometheus/prometheus.yml").containsEntry("./rules", "/etc/prometheus/rules");
    assertThat(strings(monitoring.path("services").path("prometheus").path("command")))
        .contains("--config.file=/etc/prometheus/prometheus.yml");
    // prometheus.yml's rule_files are relative to it: rules/*.yml next to it in the container.
    assertThat(strings(MonitoringFiles.yaml(root.resolve("monitoring/prometheus.yml"))
        .path("rule_files"))).containsExactly("rules/*.yml");

    JsonNode grafana = monitoring.path("services").path("grafana");
    Map<String, String> grafanaMounts = mounts(grafana);
    assertThat(grafanaMounts).containsEntry("./grafana/provisioning",
        "/etc/grafana/provisioning");
    assertThat(grafana.path("environment").path("STREAMING_LAB_DASHBOARDS").asText())
        .isEqualTo(grafanaMounts.get("./grafana/dashboards"));
    assertThat(grafana.path("environment").path("PROMETHEUS_URL").asText())
        .isEqualTo("http://prometheus:9090");
    for (String source : List.of(prometheusMounts.keySet(), grafanaMounts.keySet()).stream()
        .flatMap(Set::stream).toList()) {
      if (source.startsWith("./")) {
        assertThat(root.resolve("monitoring").resolve(source)).as(source).exists();
      }
    }
  }

  @Test
  void theImageIsBuiltInStagesAndRunsUnprivilegedWithAHealthCheck() throws IOException {
    assertThat(dockerfile.stages()).hasSizeGreaterThanOrEqualTo(2);
    String buildStage = match(dockerfile.stages().get(0).get(0).arguments(), "(?i)\\bAS\\s+(\\S+)");
    String user = dockerfile.last("USER").arguments();
    assertThat(user.split(":")[0]).isNotIn("root", "0");

    // The image runs the checkout's own launcher, so that each command gets the same JVM
    // flags as with bin/streaming-lab, on the jar built in the first stage.
    List<String> entrypoint = dockerfile.last("ENTRYPOINT").execForm();
    assertThat(entrypoint).hasSize(1);
    String jar = dockerfile.env("STREAMING_LAB_JAR");
    assertThat(jar).as("the image's STREAMING_LAB_JAR").isNotNull();
    assertThat(Files.readString(root.resolve("lab/pom.xml")))
        .contains("<finalName>streaming-lab</finalName>");
    assertThat(dockerfile.finalStage()).anySatisfy(copy -> {
      assertThat(copy.keyword()).isEqualTo("COPY");
      assertThat(copy.arguments()).isEqualTo("--from=" + buildStage
          + " /src/lab/target/streaming-lab.jar " + jar);
    });
    assertThat(dockerfile.finalStage()).anySatisfy(copy -> {
      assertThat(copy.keyword()).isEqualTo("COPY");
      assertThat(copy.arguments()).isEqualTo("--from=" + buildStage
          + " /src/bin/streaming-lab " + entrypoint.get(0));
    });
    // busybox runs it: nothing beyond POSIX sh.
    assertThat(Files.readAllLines(root.resolve("bin/streaming-lab")).get(0))
        .isEqualTo("#!/bin/sh");

    String healthCheck = dockerfile.last("HEALTHCHECK").arguments();
    assertThat(healthCheck).contains("CMD");
    String defaultUrl = dockerfile.finalStage().stream()
        .filter(i -> i.keyword().equals("ENV")).map(Dockerfile.Instruction::arguments)
        .filter(a -> a.startsWith("STREAMING_LAB_HEALTH_URL=")).findFirst().orElseThrow()
        .substring("STREAMING_LAB_HEALTH_URL=".length());
    assertThat(healthCheck).contains("$STREAMING_LAB_HEALTH_URL");
    assertThat(URI.create(defaultUrl).getPort()).isEqualTo(Integer.parseInt(
        new CommandLine(new StreamingLab()).getSubcommands().get("up").getCommandSpec()
            .findOption("--http-port").defaultValue()));
  }

  @Test
  void theImageGivesThePackagersVolumeDirectoryToItsUser() {
    String out = role(service("packager-primary")).matchedOptionValue("--out", null)
        .toString();
    String setup = dockerfile.finalStage().stream().filter(i -> i.keyword().equals("RUN"))
        .map(Dockerfile.Instruction::arguments).reduce("", String::concat);
    assertThat(setup).contains("mkdir -p " + out).contains("chown");
  }

  @Test
  void theBuildContextKeepsTheReactorAndTheRules() throws IOException {
    List<String> ignored = Files.readAllLines(root.resolve(".dockerignore")).stream()
        .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    String pom = Files.readString(root.resolve("pom.xml"));
    Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(pom);
    List<String> needed = new ArrayList<>(List.of("monitoring", "monitoring/rules", "mvnw",
        ".mvn", "pom.xml"));
    while (module.find()) {
      needed.add(module.group(1));
    }
    assertThat(needed).hasSizeGreaterThan(10);
    for (String path : needed) {
      assertThat(ignored).as(path).doesNotContain(path, path + "/", "/" + path);
    }
    assertThat(ignored).contains("**/target");
  }

  // --- reading the files ---

  private JsonNode service(String name) {
    JsonNode service = lab.path("services").path(name);
    assertThat(service.isMissingNode()).as("service %s", name).isFalse();
    return service;
  }

  /** A service's command as words: compose's list form, or its string split at spaces. */
  private static List<String> command(JsonNode service) {
    JsonNode command = service.path("command");
    return command.isArray() ? strings(command) : List.of(command.asText().trim().split("\\s+"));
  }

  /** The command line as our CLI parses it (nothing runs); fails on any unknown flag. */
  private static ParseResult parse(List<String> args) {
    try {
      return new CommandLine(new StreamingLab()).parseArgs(args.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      throw new AssertionError("bin/streaming-lab refuses " + args + ": " + e.getMessage(), e);
    }
  }

  /** What the CLI parsed for the service's subcommand (its role). */
  private static ParseResult role(JsonNode service) {
    return parse(command(service)).subcommand();
  }

  /**
   * The ports a service of the lab listens on inside its container: each port option as given,
   * else its default as help shows it (an annotation's, or a mixin's initial value, as for
   * {@code --metrics-port}, whose default each command gives).
   */
  private Set<Integer> listeningPorts(String name) {
    JsonNode service = service(name);
    Set<Integer> ports = new TreeSet<>();
    if (service.path("image").asText().startsWith("nginx:")) {
      Matcher listen = Pattern.compile("\\n\\s*listen\\s+(\\d+)").matcher(nginx);
      while (listen.find()) {
        ports.add(Integer.parseInt(listen.group(1)));
      }
      return ports;
    }
    if (!service.path("image").asText().equals(IMAGE)) {
      return ports;
    }
    ParseResult parsed = role(service);
    for (String option : List.of("--rtmp-port", "--metrics-port", "--port")) {
      if (parsed.commandSpec().findOption(option) != null) {
        ports.add(parsed.matchedOptionValue(option, Integer.parseInt(
            parsed.commandSpec().findOption(option).defaultValueString())));
      }
    }
    return ports;
  }

  /** The port of a service's /metrics: --metrics-port, or the switcher's own port. */
  private int metricsPort(String name) {
    ParseResult parsed = role(service(name));
    String option = parsed.commandSpec().findOption("--metrics-port") != null
        ? "--metrics-port" : "--port";
    return parsed.matchedOptionValue(option,
        Integer.parseInt(parsed.commandSpec().findOption(option).defaultValueString()));
  }

  /** A service's bind mounts and volumes: source to container path. */
  private static Map<String, String> mounts(JsonNode service) {
    Map<String, String> mounts = new LinkedHashMap<>();
    for (String volume : strings(service.path("volumes"))) {
      String[] parts = volume.split(":");
      mounts.put(parts[0], parts[1]);
    }
    return mounts;
  }

  private static int only(Set<Integer> ports, int expected) {
    assertThat(ports).contains(expected);
    return expected;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String match(String text, String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(text);
    assertThat(matcher.find()).as("%s in %s", regex, text).isTrue();
    return matcher.group(1).strip();
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }
}
