package dev.dendrite.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Loss;
import dev.dendrite.ModelSpec;
import dev.dendrite.Optimizer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportsTest {
  @TempDir Path dir;

  private static final ModelSpec SPEC = new ModelSpec("M", List.of(4), 3,
      Loss.CATEGORICAL_CROSSENTROPY, Optimizer.ADAM, 0.001, 32, 1, 42, 100);

  @Test
  void historyIsWrittenAsCsvAndPlot() throws IOException {
    Path report = dir.resolve("new").resolve("report");
    Reports reports = new Reports(report, SPEC, new PrintStream(new ByteArrayOutputStream()));
    List<EpochLog> history = new ArrayList<>();
    for (int e = 0; e < 3; e++) {
      history.add(EpochLog.of(e, "accuracy", 1.0 / (e + 1), 0.5 + e / 10.0, true, 1.2 / (e + 1),
          0.4 + e / 10.0, e < 2 ? 0.01 : 0.001));
    }

    reports.history(history, OptionalInt.empty());

    List<String> csv = Files.readAllLines(report.resolve(Reports.HISTORY_CSV));
    assertEquals("epoch,loss,accuracy,val_loss,val_accuracy,learning_rate", csv.get(0));
    assertEquals(4, csv.size());
    BufferedImage png = ImageIO.read(report.resolve(Reports.HISTORY_PNG).toFile());
    assertTrue(png.getWidth() > 2 * png.getHeight(), "three charts side by side: "
        + png.getWidth() + "x" + png.getHeight());
    try (var files = Files.list(report)) {
      assertFalse(files.anyMatch(f -> f.getFileName().toString().endsWith(".tmp")));
    }
  }

  @Test
  void noEpochsNoHistoryFiles() {
    Reports reports = new Reports(dir.resolve("r"), SPEC, System.out);

    reports.history(List.of(), OptionalInt.empty());

    assertFalse(Files.exists(dir.resolve("r")));
  }

  @Test
  void aFolderThatCannotBeCreatedIsNamedWholeWithItsControlCharactersEscaped() throws IOException {
    Path file = Files.writeString(dir.resolve("file"), "not a directory");
    String name = "report\u001b[2J" + "x".repeat(80);
    Reports reports = new Reports(file.resolve(name), SPEC, System.out);
    List<EpochLog> history = List.of(EpochLog.of(0, "accuracy", 1, 0.5, false, Double.NaN,
        Double.NaN, 0.001));

    UncheckedIOException e = assertThrows(UncheckedIOException.class,
        () -> reports.history(history, OptionalInt.empty()));

    String escaped = file + "/report\\u001b[2J" + "x".repeat(80);
    assertTrue(e.getMessage().startsWith("cannot create the report directory " + escaped + ": "),
        e.getMessage());
    assertFalse(e.getMessage().contains("\u001b"), e.getMessage());
  }
}
