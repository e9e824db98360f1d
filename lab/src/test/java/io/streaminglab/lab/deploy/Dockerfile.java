package io.streaminglab.lab.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A Dockerfile read as the builder reads it: comments dropped, continued lines joined, one
 * instruction per entry, grouped in stages by {@code FROM}.
 */
record Dockerfile(List<List<Instruction>> stages) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One instruction: its keyword in upper case and the rest of its line. */
  record Instruction(String keyword, String arguments) {
    /** The exec form's words ({@code ["java", "-jar", ...]}). */
    List<String> execForm() {
      try {
        return Arrays.asList(JSON.readValue(arguments, String[].class));
      } catch (JsonProcessingException e) {
        throw new AssertionError(keyword + " is not in the exec form: " + arguments, e);
      }
    }
  }

  static Dockerfile read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<List<Instruction>> stages = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    for (String line : lines) {
      String stripped = line.strip();
      if (stripped.startsWith("#") || (stripped.isEmpty() && pending.length() == 0)) {
        continue;
      }
      if (stripped.endsWith("\\")) {
        pending.append(stripped, 0, stripped.length() - 1).append(' ');
        continue;
      }
      pending.append(stripped);
      String whole = pending.toString().strip();
      pending.setLength(0);
      if (whole.isEmpty()) {
        continue;
      }
      String[] parts = whole.split("\\s+", 2);
      Instruction instruction = new Instruction(parts[0].toUpperCase(Locale.ROOT),
          parts.length > 1 ? parts[1].strip() : "");
      if (instruction.keyword().equals("FROM")) {
        stages.add(new ArrayList<>());
      }
      if (stages.isEmpty()) {
        throw new AssertionError("an instruction before FROM: " + whole);
      }
      stages.get(stages.size() - 1).add(instruction);
    }
    return new Dockerfile(stages);
  }

  List<Instruction> finalStage() {
    return stages.get(stages.size() - 1);
  }

  /**
   * The value the final stage's {@code ENV} instructions give {@code name} ({@code ENV
   * K=V K2=V2}; values without spaces or quotes, as ours are), or null.
   */
  String env(String name) {
    String value = null;
    for (Instruction instruction : finalStage()) {
      if (instruction.keyword().equals("ENV")) {
        for (String pair : instruction.arguments().split("\\s+")) {
          if (pair.startsWith(name + "=")) {
            value = pair.substring(name.length() + 1);
          }
        }
      }
    }
    return value;
  }

  /** The last instruction with {@code keyword} in the final stage (the one that counts). */
  Instruction last(String keyword) {
    Instruction found = null;
    for (Instruction instruction : finalStage()) {
      if (instruction.keyword().equals(keyword)) {
        found = instruction;
      }
    }
    if (found == null) {
      throw new AssertionError("the final stage has no " + keyword);
    }
    return found;
  }
}
