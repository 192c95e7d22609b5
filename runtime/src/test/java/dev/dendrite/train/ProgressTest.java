package dev.dendrite.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The progress bar and its ETA, drawn against a clock the test moves and on a terminal of a
 * width the test sets.
 */
class ProgressTest {
  private static final long MS = 1_000_000L;

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
  /** Nanoseconds; negative, as System.nanoTime may be. */
  private long now = -5_000 * MS;

  private String take() {
    String s = printed.toString(StandardCharsets.UTF_8);
    printed.reset();
    return s;
  }

  @Test
  void terminalRedrawsTheBarInPlaceWithTheEta() {
    Progress progress = new Progress(out, true, () -> 120, () -> now);
    progress.startEpoch(1, 3, 10);
    assertEquals("Epoch 1/3\n", take());

    now += 200 * MS;
    progress.step(1, "loss: 0.9000");
    // 0.2 s a step, 9 steps to go
    assertEquals("\r 1/10 [===>..........................] - ETA: 2s - loss: 0.9000", take());

    now += 50 * MS;
    progress.step(2, "loss: 0.8000");
    assertEquals("", take(), "within 100 ms of the last drawing");

    now += 100 * MS;
    progress.step(3, "loss: 0.7000");
    // 350 ms for 3 steps: 7 to go take 0.8 s
    assertEquals("\r 3/10 [=========>....................] - ETA: 1s - loss: 0.7000", take());

    now += 10 * MS;
    progress.step(10, "loss: 0.5000");
    assertEquals("\r10/10 [==============================] - ETA: 0s - loss: 0.5000", take(),
        "the last step is always drawn");

    progress.endEpoch("loss: 0.5000 - accuracy: 0.9000");
    assertEquals("\r10/10 [==============================] - 0s 36ms/step - loss: 0.5000 - "
        + "accuracy: 0.9000\n", take());
  }

  @Test
  void longEtaIsInMinutesAndSeconds() {
    Progress progress = new Progress(out, true, () -> 120, () -> now);
    progress.startEpoch(2, 2, 1000);
    take();

    now += 1_300 * MS;
    progress.step(10, "loss: 1.0000");
    // 0.13 s a step, 990 to go: 128.7 s
    assertEquals("\r  10/1000 [>.............................] - ETA: 2m09s - loss: 1.0000",
        take());

    now += 128_700 * MS;
    progress.endEpoch("loss: 0.1000");
    assertEquals("\r1000/1000 [==============================] - 2m10s 130ms/step - loss: 0.1000\n",
        take());
  }

  @Test
  void elsewhereOneLinePerEpochWithoutCarriageReturns() {
    Progress progress = new Progress(out, false, () -> 40, () -> now);
    progress.startEpoch(1, 1, 4);
    for (int step = 1; step <= 4; step++) {
      now += 500 * MS;
      progress.step(step, "loss: 0.5000");
    }
    progress.endEpoch("loss: 0.5000");

    assertEquals("Epoch 1/1\n4/4 [==============================] - 2s 500ms/step - loss: 0.5000\n",
        take());
  }

  private static final String MNIST = "loss: 0.2345 - accuracy: 0.9312";
  private static final String MNIST_END = MNIST + " - val_loss: 0.1234 - val_accuracy: 0.9654";

  /** What an MNIST epoch of 469 steps prints on a terminal {@code width} columns wide. */
  private String mnistEpoch(int width) {
    Progress progress = new Progress(out, true, () -> width, () -> now);
    progress.startEpoch(12, 100, 469);
    for (int step = 1; step <= 469; step++) {
      now += 30 * MS;
      progress.step(step, MNIST);
    }
    progress.endEpoch(MNIST_END);
    return take();
  }

  /** Every line drawn, as the terminal shows them: split at carriage returns and newlines. */
  private static List<String> drawn(String printed) {
    return List.of(printed.split("[\\r\\n]"));
  }

  @ParameterizedTest
  @ValueSource(ints = {40, 60, 80, 120})
  void noLineWrapsOnATerminalOfThisWidth(int width) {
    String printed = mnistEpoch(width);

    for (String line : drawn(printed)) {
      assertTrue(line.length() <= width - 1, width + " columns: " + line.length() + " in '"
          + line + "'");
    }
    String firstStep = drawn(printed).get(2);
    assertTrue(firstStep.startsWith("  1/469 ") && firstStep.contains(" - ETA: 14s - loss: "),
        "the redrawn line keeps the counter, the ETA and the loss: " + firstStep);
    String end = printed.substring(printed.lastIndexOf('\r'));
    for (String part : ("469/469 - 14s 30ms/step - " + MNIST_END).split(" - ")) {
      assertTrue(end.contains(part), "the epoch's last lines keep " + part + ": " + end);
    }
  }

  @Test
  void theBarShrinksBeforeAnythingElseGoes() {
    String at120 = mnistEpoch(120);
    assertTrue(at120.endsWith("\r469/469 [=================] - 14s 30ms/step - " + MNIST_END
        + "\n"), at120.substring(at120.length() - 200));

    String at80 = mnistEpoch(80);
    // the redrawn line's bar is 25 wide; the last line has no room for one and goes on below
    assertTrue(at80.contains("\r469/469 [=========================] - ETA: 0s - " + MNIST
        + "\r469/469 - 14s 30ms/step - " + MNIST + " - val_loss: 0.1234   \n"
        + "val_accuracy: 0.9654\n"), at80.substring(at80.length() - 300));
  }

  @Test
  void aNarrowTerminalDropsTheBarThenMetricsAndContinuesTheLastLine() {
    String at40 = mnistEpoch(40);

    assertTrue(at40.startsWith("Epoch 12/100\n\r  1/469 - ETA: 14s - loss: 0.2345\r"),
        at40.substring(0, 100));
    assertTrue(at40.endsWith("\r469/469 - 14s 30ms/step - loss: 0.2345\n"
        + "accuracy: 0.9312 - val_loss: 0.1234\n"
        + "val_accuracy: 0.9654\n"), at40.substring(at40.length() - 200));
  }

  @Test
  void aShorterLineBlanksOutTheRestOfTheLongerOneBeforeIt() {
    Progress progress = new Progress(out, true, () -> 120, () -> now);
    progress.startEpoch(1, 1, 200);
    take();

    now += 150_000 * MS;
    progress.step(1, "loss: 0.9000");
    assertEquals("\r  1/200 [>.............................] - ETA: 497m30s - loss: 0.9000",
        take());
    now += 1_000 * MS;
    progress.step(200, "loss: 0.8000");
    assertEquals("\r200/200 [==============================] - ETA: 0s - loss: 0.8000     ",
        take());
  }

  @Test
  void theTerminalWidthComesFromColumnsWhenSet() {
    assertEquals(132, new Terminal(Map.of("COLUMNS", "132"), () -> 0).columns());
    assertEquals(null, Terminal.parse("0"));
    assertEquals(null, Terminal.parse("wide"));
    assertEquals(null, Terminal.parse(null));
    assertEquals(Integer.valueOf(40), Terminal.parse(" 40\n"));
  }
}
