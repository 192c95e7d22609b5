package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated trainer, run as a user runs it, prints Dendrite's output only: no ND4J start-up
 * banner, no jHDF notices when it saves or loads {@code .weights.h5}. The child's class path is
 * the model's own (no test classes, so not the tests' {@code simplelogger.properties}, but
 * jHDF's, which logs INFO to standard output); an explicit level brings the notices back.
 */
class QuietOutputTest {
  @TempDir Path dir;

  @Test
  void trainingSavingAndLoadingKerasWeightsPrintNoLibraryNotices() throws Exception {
    Path weights = dir.resolve("iris.weights.h5");
    String saved = runTrainer(List.of(), "--train", "data/tabular/iris-train.csv", "--epochs",
        "1", "--save", weights.toString());
    assertTrue(saved.contains("Epoch 1/1"), saved);
    assertTrue(Files.size(weights) > 0);
    assertQuiet(saved);

    String loaded = runTrainer(List.of(), "--load", weights.toString(), "--epochs", "0",
        "--test", "data/tabular/iris-test.csv");
    assertTrue(loaded.contains("test loss: "), loaded);
    assertQuiet(loaded);
  }

  @Test
  void aLevelGivenOnTheCommandLineBringsTheNoticesBack() throws Exception {
    Path weights = dir.resolve("iris.weights.h5");
    String out = runTrainer(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=info"), "--train",
        "data/tabular/iris-train.csv", "--epochs", "1", "--save", weights.toString());

    assertTrue(out.contains("INFO org.nd4j.linalg.factory.Nd4jBackend - Loaded [CpuBackend]"),
        out);
    assertTrue(out.contains("WARN io.jhdf.WritableHdfFile - Writing files is in alpha"), out);
  }

  private static void assertQuiet(String output) {
    for (String library : new String[] {"org.nd4j", "io.jhdf", "org.bytedeco", "Backend",
        "Blas vendor", "HAVE_ONEDNN", "INFO", "WARN"}) {
      assertFalse(output.contains(library), library + " in:\n" + output);
    }
  }

  /** Runs {@link IrisTrainer#main} in a child JVM; returns its standard output and error. */
  private String runTrainer(List<String> jvmOptions, String... args)
      throws IOException, InterruptedException {
    String modelPath = Arrays.stream(System.getProperty("java.class.path")
            .split(File.pathSeparator))
        .filter(entry -> !entry.endsWith("test-classes"))
        .collect(Collectors.joining(File.pathSeparator));
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", modelPath, IrisTrainer.class.getName()));
    command.addAll(List.of(args));
    Path log = dir.resolve("child.log");
    Process child = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the trainer ends");
    String output = Files.readString(log);
    assertEquals(0, child.exitValue(), output);
    return output;
  }
}
