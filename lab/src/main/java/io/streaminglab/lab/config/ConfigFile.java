package io.streaminglab.lab.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.streaminglab.lab.LabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The optional YAML configuration file: a section per command, keyed by the commands' long
 * option names, plus top-level keys that apply to every command that has such an option.
 *
 * <pre>
 * rtmp-port: 1936          # any command with --rtmp-port
 * ingest:
 *   publish-key: s3cret    # bin/streaming-lab ingest
 * </pre>
 */
public final class ConfigFile {
  private final Path path;
  private final Map<String, String> values;

  private ConfigFile(Path path, Map<String, String> values) {
    this.path = path;
    this.values = values;
  }

  /** No file: every lookup misses. */
  public static ConfigFile empty() {
    return new ConfigFile(null, Map.of());
  }

  /**
   * Reads {@code path}.
   *
   * @throws LabException with one sentence naming the file, the place and the fault
   */
  public static ConfigFile read(Path path) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(path));
    } catch (NoSuchFileException e) {
      throw new LabException("Config file " + path + " does not exist; check the path given "
          + "to --config or STREAMING_LAB_CONFIG.");
    } catch (JsonProcessingException e) {
      JsonLocation where = e.getLocation();
      String place = where == null ? "" : " at line " + where.getLineNr() + ", column "
          + where.getColumnNr();
      throw new LabException("Config file " + path + " is not valid YAML" + place + ": "
          + e.getOriginalMessage().lines().findFirst().orElse("") + ".");
    } catch (IOException e) {
      throw new LabException("Cannot read config file " + path + ": " + e.getMessage() + ".");
    }
    Map<String, String> values = new LinkedHashMap<>();
    if (root != null && !root.isNull() && !root.isMissingNode()) {
      if (!root.isObject()) {
        throw new LabException("Config file " + path + " must be a mapping of settings, such as"
            + " 'rtmp-port: 1936'.");
      }
      flatten(path, "", root, values, 0);
    }
    return new ConfigFile(path, values);
  }

  private static void flatten(Path path, String prefix, JsonNode node, Map<String, String> out,
      int depth) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String key = prefix + entry.getKey();
      JsonNode value = entry.getValue();
      if (value.isObject()) {
        if (depth > 0) {
          throw new LabException("Config file " + path + " nests '" + key + "' too deep; use"
              + " one section per command with its option names as keys.");
        }
        flatten(path, key + ".", value, out, depth + 1);
      } else if (value.isArray()) {
        throw new LabException("Config file " + path + ": '" + key + "' must be a single value,"
            + " not a list.");
      } else {
        out.put(key, value.isNull() ? "" : value.asText());
      }
    }
  }

  /** The value for {@code option} of {@code command}: its section first, then the top level. */
  public String lookup(String command, String option) {
    String scoped = values.get(command + "." + option);
    return scoped != null ? scoped : values.get(option);
  }

  /**
   * Fails on a key that no command knows, so that a typo does not silently keep a default.
   *
   * @param known every {@code command.option} and every bare option name that is valid
   */
  public void checkKeys(Set<String> known) {
    for (String key : values.keySet()) {
      if (!known.contains(key)) {
        throw new LabException("Config file " + path + " has an unknown setting '" + key
            + "'; see 'bin/streaming-lab COMMAND --help' for the option names.");
      }
    }
  }
}
