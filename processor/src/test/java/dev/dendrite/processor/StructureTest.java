package dev.dendrite.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The processor's structure, read from its sources: its packages import only downward (shared
 * packages, then parse, check, cost, codegen, then the entry point), so the package graph has no
 * cycles; and only {@code LayerKind.of} branches on the kind of a layer.
 */
class StructureTest {
  private static final Path SOURCES = Path.of("src/main/java/dev/dendrite/processor");
  private static final String ROOT = "dev.dendrite.processor";
  /** Every package, lowest first; each may use only those before it. */
  private static final List<String> LAYERS = List.of("model", "diagnostic", "layer", "parse",
      "check", "cost", "codegen", "");
  private static final Pattern REFERENCE =
      Pattern.compile("dev\\.dendrite\\.processor((?:\\.[a-z]+)?)\\.[A-Z]");
  /** A string literal: a class name spelled in one is a name, not a dependency. */
  private static final Pattern STRING_LITERAL = Pattern.compile("\"(?:[^\"\\\\\n]|\\\\.)*\"");
  private static final Pattern LAYER_INSTANCEOF = Pattern.compile(
      "instanceof\\s+(Dense|Dropout|Flatten|Conv|Pool|GlobalPool|Maxout)Layer\\b");

  @Test
  void stagesImportOnlyDownward() {
    Map<String, Set<String>> uses = packageGraph();
    assertEquals(new TreeSet<>(LAYERS), new TreeSet<>(uses.keySet()),
        "every package of the processor has its place in LAYERS");
    List<String> upward = new ArrayList<>();
    uses.forEach((from, targets) -> {
      for (String to : targets) {
        if (LAYERS.indexOf(to) > LAYERS.indexOf(from)) {
          upward.add(name(from) + " -> " + name(to));
        }
      }
    });
    assertEquals(List.of(), upward, "imports of a later stage");
  }

  @Test
  void packageGraphHasNoCycles() {
    Map<String, Set<String>> uses = packageGraph();
    for (String start : uses.keySet()) {
      assertTrue(!reaches(uses, start, start, new HashSet<>()),
          name(start) + " depends on itself through " + uses);
    }
  }

  @Test
  void onlyLayerKindBranchesOnTheKindOfALayer() {
    List<String> branches = new ArrayList<>();
    for (Path file : sources()) {
      Matcher m = LAYER_INSTANCEOF.matcher(read(file));
      while (m.find()) {
        if (!file.endsWith(Path.of("layer", "LayerKind.java"))) {
          branches.add(SOURCES.relativize(file) + ": " + m.group());
        }
      }
    }
    assertEquals(List.of(), branches);
  }

  /** Package (relative to the processor's, "" for itself) to the other packages it references. */
  private static Map<String, Set<String>> packageGraph() {
    Map<String, Set<String>> uses = new TreeMap<>();
    for (Path file : sources()) {
      Path dir = SOURCES.relativize(file).getParent();
      String from = dir == null ? "" : dir.toString().replace('/', '.');
      Set<String> targets = uses.computeIfAbsent(from, k -> new TreeSet<>());
      Matcher m = REFERENCE.matcher(STRING_LITERAL.matcher(read(file)).replaceAll("\"\""));
      while (m.find()) {
        String to = m.group(1).isEmpty() ? "" : m.group(1).substring(1);
        if (!to.equals(from)) {
          targets.add(to);
        }
      }
    }
    return uses;
  }

  private static boolean reaches(Map<String, Set<String>> uses, String from, String target,
      Set<String> seen) {
    for (String next : uses.getOrDefault(from, Set.of())) {
      if (next.equals(target) || (seen.add(next) && reaches(uses, next, target, seen))) {
        return true;
      }
    }
    return false;
  }

  private static List<Path> sources() {
    try (Stream<Path> files = Files.walk(SOURCES)) {
      List<Path> list = files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
      assertTrue(list.size() > 10, "processor sources not found under " + SOURCES.toAbsolutePath());
      return list;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String name(String relative) {
    return relative.isEmpty() ? ROOT : ROOT + "." + relative;
  }
}
