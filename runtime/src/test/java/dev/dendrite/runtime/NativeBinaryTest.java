package dev.dendrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The runtime's class path, which a model's build inherits, carries one ND4J native binary: the
 * one {@code nd4j.classifier} names, not also the plain build that nd4j-native's own pom adds
 * (90 MB more).
 */
class NativeBinaryTest {
  @Test
  void oneNd4jNativeBinaryOnTheClassPath() {
    List<String> jars = Arrays.stream(System.getProperty("java.class.path")
            .split(File.pathSeparator))
        .map(entry -> Path.of(entry).getFileName().toString())
        .filter(name -> name.startsWith("nd4j-native-") && name.endsWith(".jar"))
        .toList();
    String classes = jars.stream()
        .filter(name -> name.matches("nd4j-native-[^-]+(-M[0-9.]+)?\\.jar"))
        .findFirst().orElseThrow(() -> new AssertionError("no nd4j-native jar in " + jars));
    String stem = classes.substring(0, classes.length() - ".jar".length()) + "-";
    List<String> binaries = jars.stream().filter(name -> name.startsWith(stem)).toList();

    assertEquals(1, binaries.size(), "nd4j-native binaries: " + binaries);
  }
}
