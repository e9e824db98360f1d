package io.streaminglab.lab;

import io.netty.util.ResourceLeakDetector;
import io.streaminglab.lab.config.ConfigFile;
import io.streaminglab.lab.config.LabDefaults;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The {@code streaming-lab} command line: one subcommand per component, and {@code up}. */
@Command(name = "streaming-lab",
    mixinStandardHelpOptions = true,
    versionProvider = LabVersion.class,
    description = {
        "A live-video lab that keeps playing when an origin fails: RTMP in, HLS out.",
        "",
        "Every option can also be set by an environment variable (--rtmp-port is "
            + "STREAMING_LAB_RTMP_PORT) or in a YAML file given by --config or "
            + "STREAMING_LAB_CONFIG; flags win over the environment, the environment over the "
            + "file."},
    subcommands = {UpCommand.class, IngestCommand.class, PackagerCommand.class,
        OriginCommand.class, SwitcherCommand.class, PublishCommand.class, ProbeCommand.class,
        CtlCommand.class,
        CommandLine.HelpCommand.class})
public final class StreamingLab implements Runnable {
  private static final String LEAK_DETECTION_PROPERTY = "io.netty.leakDetection.level";
  private static final Logger log = LoggerFactory.getLogger(StreamingLab.class);

  @CommandLine.Spec
  private CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    // Netty tracks one buffer in 128 for leaks, with a stack trace each: worth it in the tests,
    // which run at Netty's default level, not in a running lab, where it cost the origin a few
    // per cent of its CPU per playlist request. -Dio.netty.leakDetection.level still decides.
    if (System.getProperty(LEAK_DETECTION_PROPERTY) == null) {
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    }
    System.exit(run(args, System.getenv(), new PrintWriter(System.out, true),
        new PrintWriter(System.err, true)));
  }

  /** Runs the command line in this process and returns the exit status (tests drive ctl so). */
  public static int run(String[] args, Map<String, String> environment, PrintWriter out,
      PrintWriter err) {
    CommandLine cli;
    try {
      cli = commandLine(args, environment);
    } catch (LabException e) {
      err.println(e.getMessage());
      return 2;
    }
    cli.setOut(out);
    cli.setErr(err);
    return cli.execute(args);
  }

  /**
   * The command line with its defaults taken from {@code environment} and the config file that
   * {@code args} or the environment name.
   *
   * @throws LabException when the config file cannot be read or names an unknown setting
   */
  static CommandLine commandLine(String[] args, Map<String, String> environment) {
    CommandLine cli = new CommandLine(new StreamingLab());
    ConfigFile file = configFile(args, environment);
    file.checkKeys(knownSettings(cli));
    cli.setDefaultValueProvider(new LabDefaults(environment, file));
    cli.setParameterExceptionHandler((e, commandArgs) -> {
      String sub = e.getCommandLine().getCommandSpec().qualifiedName(" ")
          .replaceFirst("^streaming-lab ?", "");
      e.getCommandLine().getErr().println(sentence(e.getMessage()) + " See 'bin/streaming-lab "
          + (sub.isEmpty() ? "" : sub + " ") + "--help'.");
      return 2;
    });
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof LabException) {
        commandLine.getErr().println(e.getMessage());
        return 1;
      }
      log.error("streaming-lab stopped on an unexpected error; please report it", e);
      return 1;
    });
    return cli;
  }

  private static String sentence(String message) {
    String trimmed = message.strip();
    return trimmed.endsWith(".") ? trimmed : trimmed + ".";
  }

  /** The config file named by --config (or --config=FILE) or STREAMING_LAB_CONFIG. */
  private static ConfigFile configFile(String[] args, Map<String, String> environment) {
    String path = environment.get(LabDefaults.ENV_PREFIX + "CONFIG");
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config")) {
        if (i + 1 >= args.length) {
          throw new LabException("--config needs a file name, such as --config lab.yaml.");
        }
        path = args[i + 1];
      } else if (args[i].startsWith("--config=")) {
        path = args[i].substring("--config=".length());
      }
    }
    return path == null || path.isEmpty() ? ConfigFile.empty() : ConfigFile.read(Path.of(path));
  }

  private static Set<String> knownSettings(CommandLine cli) {
    Set<String> known = new HashSet<>();
    for (CommandLine sub : cli.getSubcommands().values()) {
      for (OptionSpec option : sub.getCommandSpec().options()) {
        String name = option.longestName().replaceFirst("^-+", "");
        known.add(name);
        known.add(sub.getCommandName() + "." + name);
      }
    }
    return known;
  }
}
