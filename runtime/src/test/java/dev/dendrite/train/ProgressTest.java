package dev.dendrite.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The progress bar and its ETA, drawn against a clock the test moves. */
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
    Progress progress = new Progress(out, true, () -> now);
    progress.startEpoch(1, 3, 10);
    assertEquals("Epoch 1/3\n", take());

    now += 200 * MS;
    progress.step(1, "loss: 0.9000");
    // 0.2 s a step, 9 steps to go
    assertEquals("\r 1/10 [===>..........................] - ETA: 2s - loss: 0.9000   ", take());

    now += 50 * MS;
    progress.step(2, "loss: 0.8000");
    assertEquals("", take(), "within 100 ms of the last drawing");

    now += 100 * MS;
    progress.step(3, "loss: 0.7000");
    // 350 ms for 3 steps: 7 to go take 0.8 s
    assertEquals("\r 3/10 [=========>....................] - ETA: 1s - loss: 0.7000   ", take());

    now += 10 * MS;
    progress.step(10, "loss: 0.5000");
    assertEquals("\r10/10 [==============================] - ETA: 0s - loss: 0.5000   ", take(),
        "the last step is always drawn");

    progress.endEpoch("loss: 0.5000 - accuracy: 0.9000");
    assertEquals("\r10/10 [==============================] - 0s 36ms/step - loss: 0.5000 - "
        + "accuracy: 0.9000\n", take());
  }

  @Test
  void longEtaIsInMinutesAndSeconds() {
    Progress progress = new Progress(out, true, () -> now);
    progress.startEpoch(2, 2, 1000);
    take();

    now += 1_300 * MS;
    progress.step(10, "loss: 1.0000");
    // 0.13 s a step, 990 to go: 128.7 s
    assertEquals("\r  10/1000 [>.............................] - ETA: 2m09s - loss: 1.0000   ",
        take());

    now += 128_700 * MS;
    progress.endEpoch("loss: 0.1000");
    assertEquals("\r1000/1000 [==============================] - 2m10s 130ms/step - loss: 0.1000\n",
        take());
  }

  @Test
  void elsewhereOneLinePerEpochWithoutCarriageReturns() {
    Progress progress = new Progress(out, false, () -> now);
    progress.startEpoch(1, 1, 4);
    for (int step = 1; step <= 4; step++) {
      now += 500 * MS;
      progress.step(step, "loss: 0.5000");
    }
    progress.endEpoch("loss: 0.5000");

    assertEquals("Epoch 1/1\n4/4 [==============================] - 2s 500ms/step - loss: 0.5000\n",
        take());
  }
}
