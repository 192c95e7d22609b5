package dev.dendrite.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Loss;
import dev.dendrite.ModelSpec;
import dev.dendrite.Optimizer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataMemoryTest {
  @TempDir Path dir;

  private static final ModelSpec SPEC = new ModelSpec("Net", List.of(4), 3,
      Loss.CATEGORICAL_CROSSENTROPY, Optimizer.ADAM, 0.001, 32, 1, 42, 10);

  @Test
  void estimatesRowsFromTheFirstLinesAndReadsTheSummarysStepMemory() throws IOException {
    StringBuilder csv = new StringBuilder("a,b,c,d,y\n");
    for (int i = 0; i < 10_000; i++) {
      csv.append("1,2,3,4,0\n");
    }
    Path file = dir.resolve("d.csv");
    Files.writeString(file, csv);
    String summary = "Total params: 99\nTraining step memory at batch size 1,024 (float32): "
        + "1.2 MB (1,234,567 bytes)\n  parameters ...";
    DataMemory memory = DataMemory.of(file, SPEC, summary);
    assertEquals(10_000, memory.rows());
    assertEquals(10_000L * (4 + 1 + 3) * 4, memory.dataBytes());
    assertEquals(1_234_567, memory.stepBytes());
    assertEquals(1024, memory.stepBatch());
    assertTrue(memory.fits());
    assertEquals("data: d.csv, 100 KB of CSV, about 10,000 samples: 320 KB as float32; a training "
        + "step 1 MB at batch size 1024 (the summary's estimate); the JVM may use "
        + DataMemory.megabytes(Runtime.getRuntime().maxMemory()) + " (-Xmx)", memory.line());
    DataMemory huge = new DataMemory(file, 1L << 40, 1L << 34, 1L << 41, 0, 0, 1L << 30);
    assertTrue(!huge.fits());
    assertTrue(huge.advice(false).startsWith("the training data need about 2,199,023 MB as "
        + "float32 (d.csv); train with --cache to read them from a memory-mapped file, or give "
        + "java more memory (-Xmx"), huge.advice(false));
  }

  @Test
  void progressIsSilentForSmallFilesOffATerminalAndQuarterlyForBigOnes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    long[] now = {0};
    LoadProgress small = new LoadProgress(out, false, "s.csv", 1000, 10, () -> now[0]);
    small.accept(500);
    small.accept(1000);
    small.done();
    assertEquals("", bytes.toString(StandardCharsets.UTF_8));

    long size = DataMemory.BIG_FILE * 2;
    LoadProgress big = new LoadProgress(out, false, "b.csv", size, 1_000_000, () -> now[0]);
    for (int i = 1; i <= 100; i++) {
      now[0] = i * 10_000_000L;
      big.accept(size * i / 100);
    }
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(4, lines.length, bytes.toString(StandardCharsets.UTF_8));
    assertEquals("Reading b.csv:  25% - 1,000,000 samples/s - ETA: 1s", lines[0]);
    assertEquals("Reading b.csv: 100% - 1,000,000 samples/s - ETA: 0s", lines[3]);
  }
}
