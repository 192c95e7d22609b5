package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Dataset;
import dev.dendrite.Loss;
import dev.dendrite.ModelSpec;
import dev.dendrite.Optimizer;
import dev.dendrite.io.DataFiles;
import dev.dendrite.train.TrainerCli;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data at scale on one machine. A seeded CSV of a few hundred MB trains one epoch in a child JVM
 * whose heap is well below the data's float32 size: the trainer reads it through its
 * memory-mapped cache and ends with exactly the weights of the same run on the in-memory path
 * (with --shuffle blocks, the order the cache takes). The issue's 78 MB file loads under
 * -Xmx256m, and running out of memory is one line with exit status 5.
 *
 * <p>{@code -Ddendrite.largeData.rows=N} sets the big file's rows (default 1,500,000, about
 * 180 MB of CSV and 186 MB as float32); a few million make the truly big variant.
 */
class LargeDataTest {
  private static final int ROWS = Integer.getInteger("dendrite.largeData.rows", 1_500_000);
  private static final String CHILD_HEAP = "-Xmx96m";

  @TempDir Path dir;

  /** BreastCancer's 30 features, integers 0..999, and a label learnable from the first two. */
  private static void cancerCsv(Path file, int rows, long seed) throws IOException {
    Random random = new Random(seed);
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
      StringBuilder line = new StringBuilder();
      for (int j = 0; j < 30; j++) {
        line.append('m').append(j).append(',');
      }
      out.write(line.append("malignant\n").toString());
      for (int i = 0; i < rows; i++) {
        line.setLength(0);
        int a = random.nextInt(1000);
        int b = random.nextInt(1000);
        line.append(a).append(',').append(b);
        for (int j = 2; j < 30; j++) {
          line.append(',').append(random.nextInt(1000));
        }
        out.write(line.append(',').append(a + b > 1000 ? 1 : 0).append('\n').toString());
      }
    }
  }

  private static Process child(Path log, String heap, String main, List<String> args)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), heap,
        "-cp", System.getProperty("java.class.path"), main));
    command.addAll(args);
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
        .start();
  }

  @Test
  void trainsDataLargerThanTheHeapToTheInMemoryPathsWeights() throws Exception {
    Path csv = dir.resolve("cancer.csv");
    cancerCsv(csv, ROWS, 15);
    long floatBytes = (long) ROWS * (30 + 1) * Float.BYTES;
    assertTrue(floatBytes > 180_000_000L || ROWS < 1_500_000, "float size " + floatBytes);
    List<String> run = List.of("--train", csv.toString(), "--epochs", "1", "--batch-size", "256",
        "--standardize", "--seed", "7");

    Path mapped = dir.resolve("mapped.safetensors");
    Path log = dir.resolve("child.log");
    List<String> args = new ArrayList<>(run);
    args.addAll(List.of("--save", mapped.toString()));
    Process child = child(log, CHILD_HEAP, "dev.dendrite.examples.BreastCancerTrainer", args);
    assertTrue(child.waitFor(600, TimeUnit.SECONDS), "the child did not end in 600 s");
    String printed = Files.readString(log);
    assertEquals(0, child.exitValue(), printed);
    assertTrue(printed.contains("data: cancer.csv, "), printed);
    assertTrue(printed.contains("warning: the training data will not fit in the heap with room "
        + "to train; reading them through the cache"), printed);
    assertTrue(printed.contains("cache: " + csv + ".dendrite-cache (memory-mapped)"), printed);

    Path memory = dir.resolve("memory.safetensors");
    List<String> inMemory = new ArrayList<>(run);
    inMemory.addAll(List.of("--shuffle", "blocks", "--save", memory.toString()));
    Trainers.Run reference = Trainers.run(BreastCancerNetwork.SPEC, BreastCancerNetwork::new,
        inMemory.toArray(String[]::new));
    assertEquals(0, reference.status(), reference.out() + reference.err());
    assertTrue(!reference.out().contains("cache: "), reference.out());
    assertArrayEquals(Files.readAllBytes(memory), Files.readAllBytes(mapped),
        "the memory-mapped run ends with the in-memory run's weights");
  }

  /**
   * A run checkpointed on the cache path resumes (its cache made again) and ends as the run that
   * was never interrupted; the checkpoint records the epoch order the cache chose.
   */
  @Test
  void aCheckpointOfTheCachePathResumesExactly() throws Exception {
    Path csv = dir.resolve("small.csv");
    cancerCsv(csv, 5_000, 16);
    List<String> run = List.of("--train", csv.toString(), "--standardize", "--seed", "3",
        "--validation-split", "0.2");
    Path whole = dir.resolve("whole.safetensors");
    List<String> straight = new ArrayList<>(run);
    straight.addAll(List.of("--cache", "--epochs", "3", "--save", whole.toString()));
    Trainers.Run reference = Trainers.run(BreastCancerNetwork.SPEC, BreastCancerNetwork::new,
        straight.toArray(String[]::new));
    assertEquals(0, reference.status(), reference.out() + reference.err());
    assertTrue(reference.out().contains("cache: " + csv + ".dendrite-cache"), reference.out());

    Path checkpoint = dir.resolve("ck");
    List<String> first = new ArrayList<>(run);
    first.addAll(List.of("--cache", "--epochs", "1", "--checkpoint", checkpoint.toString()));
    Trainers.Run started = Trainers.run(BreastCancerNetwork.SPEC, BreastCancerNetwork::new,
        first.toArray(String[]::new));
    assertEquals(0, started.status(), started.out() + started.err());
    assertTrue(Files.readString(checkpoint.resolve("checkpoint.json")).contains("\"--shuffle\""),
        "the checkpoint records the order");
    Files.delete(csv.resolveSibling("small.csv.dendrite-cache"));

    Path resumedWeights = dir.resolve("resumed.safetensors");
    Trainers.Run resumed = Trainers.run(BreastCancerNetwork.SPEC, BreastCancerNetwork::new,
        "--resume", checkpoint.toString(), "--epochs", "3", "--save", resumedWeights.toString());
    assertEquals(0, resumed.status(), resumed.out() + resumed.err());
    assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(resumedWeights),
        "the resumed run ends with the uninterrupted run's weights");
  }

  /** The issue's file: 500,000 rows of 64 integer features and a label 0..9 (78 MB). */
  @Test
  void theIssues78MegabyteFileLoadsUnder256MegabytesOfHeap() throws Exception {
    Path csv = dir.resolve("wide.csv");
    Random random = new Random(78);
    try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.US_ASCII)) {
      StringBuilder line = new StringBuilder();
      for (int j = 0; j < 64; j++) {
        line.append('f').append(j).append(',');
      }
      out.write(line.append("label\n").toString());
      for (int i = 0; i < 500_000; i++) {
        line.setLength(0);
        for (int j = 0; j < 64; j++) {
          line.append(random.nextInt(17)).append(',');
        }
        out.write(line.append(random.nextInt(10)).append('\n').toString());
      }
    }
    assertTrue(Files.size(csv) > 75_000_000L, "size " + Files.size(csv));
    Path log = dir.resolve("load.log");
    Process child = child(log, "-Xmx256m", LoadMain.class.getName(), List.of(csv.toString()));
    assertTrue(child.waitFor(300, TimeUnit.SECONDS));
    assertEquals(0, child.exitValue(), Files.readString(log));
    assertTrue(Files.readString(log).contains("500000 samples"), Files.readString(log));
  }

  @Test
  void runningOutOfMemoryIsOneLine() {
    Trainers.Run run = Trainers.run(BreastCancerNetwork.SPEC,
        StepHook.beforeStep(BreastCancerNetwork::new, 3, () -> {
          throw new OutOfMemoryError("Java heap space");
        }),
        "--train", "data/tabular/breast_cancer-train.csv", "--epochs", "1");
    assertEquals(TrainerCli.OUT_OF_MEMORY, run.status(), run.out() + run.err());
    assertEquals(1, run.err().lines().count(), run.err());
    assertTrue(run.err().startsWith("error: out of memory (Java heap space): the JVM may use "),
        run.err());
    assertTrue(run.err().matches("(?s).* of heap \\(-Xmx\\); the training data need about "
        + "[0-9]+ KB as float32 \\(breast_cancer-train.csv\\); train with --cache to read them "
        + "from a memory-mapped file, or give java more memory \\(-Xmx1g\\)\n"), run.err());
  }

  /** Loads a 64-feature, 10-class CSV as the trainer does and says how many samples it holds. */
  static final class LoadMain {
    private LoadMain() {}

    public static void main(String[] args) {
      ModelSpec spec = new ModelSpec("Wide", List.of(64), 10, Loss.CATEGORICAL_CROSSENTROPY,
          Optimizer.ADAM, 0.001, 32, 0, 1, 0);
      Dataset data = DataFiles.load(Path.of(args[0]), spec, null, List.of());
      System.out.println(data.size() + " samples");
    }
  }
}
