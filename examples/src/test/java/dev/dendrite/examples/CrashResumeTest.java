package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.train.TrainerCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training process killed with SIGKILL in the middle of an epoch, then resumed from its
 * checkpoint, ends with exactly the weights and history of a run that was never interrupted.
 * The child ({@link StallingTrainer}) stops itself at a known step of epoch 3 and says so in a
 * file, so the kill lands there whatever the machine's speed.
 */
class CrashResumeTest {
  private static final Pattern EPOCH_END = Pattern.compile("(?m)^(\\d+)/\\1 \\[");

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
    Trainers.Run whole = Trainers.run(BreastCancerNetwork.SPEC, BreastCancerNetwork::new,
        uninterrupted.toArray(String[]::new));
    CheckpointTest.assertOk(whole);
    assertTrue(whole.out().contains("Epoch 4/6"), whole.out());
    Matcher end = EPOCH_END.matcher(whole.out());
    assertTrue(end.find(), whole.out());
    int steps = Integer.parseInt(end.group(1));
    // two whole epochs, then half of the third
    long stallAt = 2L * steps + steps / 2 + 1;

    Path checkpoint = dir.resolve("ck");
    Path saved = dir.resolve("final.safetensors");
    Path history = dir.resolve("history.csv");
    Path log = dir.resolve("child.log");
    Path marker = dir.resolve("stalled");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        StallingTrainer.class.getName(), marker.toString(), String.valueOf(stallAt)));
    command.addAll(run);
    command.addAll(List.of("--checkpoint", checkpoint.toString(), "--save", saved.toString(),
        "--history-csv", history.toString()));
    Process child = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    try {
      waitForMarker(marker, child, log);
      // the stalled run holds its checkpoint directory: a second run on it is refused
      Map<Path, byte[]> before = CleanErrors.snapshot(checkpoint);
      Trainers.Run second = Trainers.run(BreastCancerNetwork.SPEC, BreastCancerNetwork::new,
          "--resume", checkpoint.toString());
      assertEquals(TrainerCli.BAD_INPUT, second.status(), second.out());
      assertTrue(second.err().startsWith("error: --resume " + checkpoint + " is in use by "
          + "another run (pid " + child.pid() + " on "), second.err());
      assertTrue(second.err().contains(", started at 20"), second.err());
      assertTrue(second.err().contains(": BreastCancerTrainer --train "), second.err());
      CleanErrors.assertUnchanged(before, checkpoint);
      child.destroyForcibly();
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    } finally {
      child.destroyForcibly();
    }

    assertEquals(137, child.exitValue(), "killed by SIGKILL");
    assertEquals(String.valueOf(stallAt), Files.readString(marker));
    assertFalse(Files.exists(saved), "the killed run saved no final weights");
    assertEquals(2, CheckpointTest.checkpointEpoch(checkpoint), () -> read(log));
    List<String> printed = Files.readAllLines(log).stream()
        .filter(l -> l.startsWith("Epoch ") || l.contains("] - ")).toList();
    assertEquals("Epoch 3/6", printed.get(printed.size() - 1),
        () -> "killed in the middle of epoch 3:\n" + read(log));
    assertFalse(read(log).contains("\r") || read(log).contains("ETA"),
        () -> "output into a file is one plain line per epoch:\n" + read(log));

    // the killed run's lock file names it still, but its lock went with the process
    assertTrue(Files.readString(checkpoint.resolve("checkpoint.lock"))
        .contains("\"pid\": " + child.pid()));
    Trainers.Run resumed = Trainers.run(BreastCancerNetwork.SPEC, BreastCancerNetwork::new,
        "--resume", checkpoint.toString());

    CheckpointTest.assertOk(resumed);
    assertTrue(resumed.out().contains("Resuming from " + checkpoint + " after epoch 2"),
        resumed.out());
    assertArrayEquals(Files.readAllBytes(reference), Files.readAllBytes(saved),
        "bit-identical final weights");
    assertEquals(Files.readString(referenceHistory), Files.readString(history));
  }

  /** Waits until the child has stalled; the deadline only bounds a broken run. */
  private static void waitForMarker(Path marker, Process child, Path log)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (!Files.exists(marker)) {
      if (!child.isAlive()) {
        throw new AssertionError("the run ended before it stalled:\n" + read(log));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the run did not reach its stall in 300 s:\n" + read(log));
      }
      Thread.sleep(10);
    }
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return e.toString();
    }
  }
}
