package dev.dendrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.linalg.factory.Nd4j;
import org.junit.jupiter.api.Test;

/**
 * What OpenMP itself reports about its settings ({@code OMP_DISPLAY_ENV}) in a fresh JVM whose
 * first network triggers {@link NativeThreads}: Dendrite's choice by default, the user's where
 * the environment names one, nothing with {@code DENDRITE_THREADS=off}.
 */
class NativeThreadsTest {
  /** A fresh JVM: configure as the generated network does, then load ND4J (and libgomp). */
  public static void main(String[] args) {
    NativeThreads.configure();
    System.out.println(Nd4j.create(new float[] {1, 2, 3}).sumNumber());
  }

  @Test
  void openMpWaitsPassivelyWhenTheUserSaidNothing() throws Exception {
    assertEquals("0", spinCount(Map.of()));
  }

  @Test
  void aPolicyTheUserSetWins() throws Exception {
    assertEquals("30000000000", spinCount(Map.of("OMP_WAIT_POLICY", "active")));
  }

  @Test
  void dendriteThreadsOffLeavesOpenMpsOwnDefault() throws Exception {
    assertEquals("300000", spinCount(Map.of("DENDRITE_THREADS", "off")));
  }

  /**
   * How many times an idle OpenMP thread spins before it sleeps, as libgomp reports it: 0
   * waiting passively, 300000 by default, 3e10 actively.
   */
  private static String spinCount(Map<String, String> environment)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", NativeThreadsTest.class.getName())
        .redirectErrorStream(true);
    builder.environment().keySet()
        .removeAll(List.of("OMP_WAIT_POLICY", "GOMP_SPINCOUNT", "DENDRITE_THREADS"));
    builder.environment().putAll(environment);
    builder.environment().put("OMP_DISPLAY_ENV", "VERBOSE");
    Process child = builder.start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, child.waitFor(), output);
    Matcher policy = Pattern.compile("GOMP_SPINCOUNT = '(\\d+)'").matcher(output);
    if (!policy.find()) {
      throw new AssertionError("OpenMP did not report its spin count:\n" + output);
    }
    return policy.group(1);
  }
}
