package dev.dendrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * The runtime's package structure, read from the imports and qualified names of its sources:
 * no cycles, and every dependency points down the layers api, kernels, io, report, train.
 */
class PackagesTest {
  private static final Path SOURCES = Path.of("src/main/java");
  private static final Pattern REFERENCE =
      Pattern.compile("\\b(dev\\.dendrite(?:\\.[a-z]\\w*)*)\\.(?:[A-Z]|\\*)");
  private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
  /** What each package may use; anything else is a dependency pointing up or sideways. */
  private static final Map<String, Set<String>> ALLOWED = Map.of(
      "dev.dendrite", Set.of(),
      "dev.dendrite.runtime", Set.of("dev.dendrite"),
      "dev.dendrite.io", Set.of("dev.dendrite"),
      "dev.dendrite.keras", Set.of("dev.dendrite", "dev.dendrite.io", "dev.dendrite.runtime"),
      "dev.dendrite.report", Set.of("dev.dendrite", "dev.dendrite.runtime", "dev.dendrite.io"),
      "dev.dendrite.train", Set.of("dev.dendrite", "dev.dendrite.runtime", "dev.dendrite.io",
          "dev.dendrite.report"));

  @Test
  void thePackagesHaveNoCycle() {
    Map<String, Set<String>> graph = dependencies();
    assertEquals(ALLOWED.keySet(), graph.keySet(), "the runtime's packages");
    assertEquals(List.of(), cycle(graph), () -> "a package cycle; dependencies: " + graph);
  }

  @Test
  void everyDependencyPointsDown() {
    dependencies().forEach((from, to) -> {
      Set<String> upward = new TreeSet<>(to);
      upward.removeAll(ALLOWED.get(from));
      assertEquals(Set.of(), upward, from + " depends on packages above it");
    });
  }

  @Test
  void theCycleFinderFindsACycle() {
    Map<String, Set<String>> graph = Map.of(
        "a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
    assertEquals(List.of("a", "b", "c", "a"), cycle(graph));
    assertEquals(List.of(), cycle(Map.of("a", Set.of("b"), "b", Set.of())));
  }

  @Test
  void referencesInCommentsAndStringsAreNoDependencies() {
    String source = "// dev.dendrite.io.Json\n/* dev.dendrite.io.Json */ "
        + "String s = \"dev.dendrite.io.Json\\\" /*\"; char c = '\"'; "
        + "dev.dendrite.train.TrainerCli.main();";
    assertEquals("\n String s = \"\"; char c = ''; dev.dendrite.train.TrainerCli.main();",
        withoutCommentsAndStrings(source));
  }

  /** Package to the other Dendrite packages its main sources import or name. */
  private static Map<String, Set<String>> dependencies() {
    assertTrue(Files.isDirectory(SOURCES), () -> SOURCES.toAbsolutePath() + " is missing");
    Map<String, Set<String>> graph = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String code = withoutCommentsAndStrings(Files.readString(file));
        Matcher pkg = PACKAGE.matcher(code);
        assertTrue(pkg.find(), () -> file + " declares no package");
        Set<String> uses = graph.computeIfAbsent(pkg.group(1), p -> new TreeSet<>());
        Matcher ref = REFERENCE.matcher(code.substring(pkg.end()));
        while (ref.find()) {
          if (!ref.group(1).equals(pkg.group(1))) {
            uses.add(ref.group(1));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return graph;
  }

  /** The source with comments removed and string and character literals emptied. */
  static String withoutCommentsAndStrings(String source) {
    StringBuilder code = new StringBuilder(source.length());
    int i = 0;
    while (i < source.length()) {
      char c = source.charAt(i);
      if (source.startsWith("//", i)) {
        i = source.indexOf('\n', i);
        i = i < 0 ? source.length() : i;
      } else if (source.startsWith("/*", i)) {
        int end = source.indexOf("*/", i + 2);
        i = end < 0 ? source.length() : end + 2;
      } else if (c == '"' || c == '\'') {
        code.append(c).append(c);
        i++;
        while (i < source.length() && source.charAt(i) != c) {
          i += source.charAt(i) == '\\' ? 2 : 1;
        }
        i++;
      } else {
        code.append(c);
        i++;
      }
    }
    return code.toString();
  }

  /** A cycle as a path that returns to its first node, or empty when there is none. */
  static List<String> cycle(Map<String, Set<String>> graph) {
    Set<String> done = new TreeSet<>();
    for (String start : new TreeSet<>(graph.keySet())) {
      List<String> found = cycleFrom(start, graph, new ArrayList<>(), done);
      if (!found.isEmpty()) {
        return found;
      }
    }
    return List.of();
  }

  private static List<String> cycleFrom(String node, Map<String, Set<String>> graph,
      List<String> path, Set<String> done) {
    int seen = path.indexOf(node);
    if (seen >= 0) {
      List<String> cycle = new ArrayList<>(path.subList(seen, path.size()));
      cycle.add(node);
      return cycle;
    }
    if (done.contains(node)) {
      return List.of();
    }
    path.add(node);
    for (String next : new TreeSet<>(graph.getOrDefault(node, Set.of()))) {
      List<String> found = cycleFrom(next, graph, path, done);
      if (!found.isEmpty()) {
        return found;
      }
    }
    path.remove(path.size() - 1);
    done.add(node);
    return List.of();
  }
}
