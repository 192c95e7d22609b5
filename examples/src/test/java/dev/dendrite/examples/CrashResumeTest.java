package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training process killed with SIGKILL in the middle of an epoch, then resumed from its
 * checkpoint, ends with exactly the weights and history of a run that was never interrupted.
 */
class CrashResumeTest {
  /** Milliseconds the child pauses after each step: 23 steps make an epoch of about a second. */
  private static final int STEP_DELAY = 40;

  @TempDir Path dir;

  @Test
  void killedMidEpochThenResumedEqualsTheUninterruptedRun() throws Exception {
    List<String> run = new ArrayList<>(CheckpointTest.RUN);
    run.addAll(List.of("--epochs", "6"));
    Path reference = dir.resolve("reference.safetensors");
    Path referenceHistory = dir.resolve("reference.csv");
    List<String> uninterrupted = new ArrayList<>(run);
    uninterrupted.addAll(List.of("--save", reference.toString(), "--history-csv",
        referenceHistory.toString()));
    CheckpointTest.assertOk(Trainers.run(BreastCancerNetwork.SPEC, BreastCancerNetwork::new,
        uninterrupted.toArray(String[]::new)));

    Path checkpoint = dir.resolve("ck");
    Path saved = dir.resolve("final.safetensors");
    Path history = dir.resolve("history.csv");
    Path log = dir.resolve("child.log");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        "-Ddendrite.test.stepDelayMillis=" + STEP_DELAY,
        BreastCancerTrainer.class.getName()));
    command.addAll(run);
    command.addAll(List.of("--checkpoint", checkpoint.toString(), "--save", saved.toString(),
        "--history-csv", history.toString()));
    Process child = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    try {
      waitForCheckpoint(checkpoint, 2, child, log);
      Thread.sleep(10L * STEP_DELAY); // into the third epoch, well before its end
      assertTrue(child.isAlive(), () -> "the run ended before it was killed:\n" + read(log));
      child.destroyForcibly();
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    } finally {
      child.destroyForcibly();
    }

    assertEquals(137, child.exitValue(), "killed by SIGKILL");
    assertFalse(Files.exists(saved), "the killed run saved no final weights");
    int epoch = CheckpointTest.checkpointEpoch(checkpoint);
    List<String> printed = Files.readAllLines(log).stream()
        .filter(l -> l.startsWith("Epoch ") || l.contains("] - ")).toList();
    assertEquals("Epoch " + (epoch + 1) + "/6", printed.get(printed.size() - 1),
        () -> "killed in the middle of epoch " + (epoch + 1) + ":\n" + read(log));

    Trainers.Run resumed = Trainers.run(BreastCancerNetwork.SPEC, BreastCancerNetwork::new,
        "--resume", checkpoint.toString());

    CheckpointTest.assertOk(resumed);
    assertTrue(resumed.out().contains("Resuming from " + checkpoint + " after epoch " + epoch),
        resumed.out());
    assertArrayEquals(Files.readAllBytes(reference), Files.readAllBytes(saved),
        "bit-identical final weights");
    assertEquals(Files.readString(referenceHistory), Files.readString(history));
  }

  private static void waitForCheckpoint(Path checkpoint, int epoch, Process child, Path log)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (Files.exists(checkpoint.resolve("checkpoint.json"))
          && CheckpointTest.checkpointEpoch(checkpoint) >= epoch) {
        return;
      }
      if (!child.isAlive()) {
        throw new AssertionError("the run ended early:\n" + read(log));
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no checkpoint of epoch " + epoch + " in time:\n" + read(log));
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return e.toString();
    }
  }
}
