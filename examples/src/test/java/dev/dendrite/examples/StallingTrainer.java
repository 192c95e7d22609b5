package dev.dendrite.examples;

import dev.dendrite.train.TrainerCli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * A trainer process for {@link CrashResumeTest}: BreastCancer's generated trainer, except that
 * just before training step {@code STEP} (counted over the run from 1) it writes the step to
 * {@code MARKER} and waits to be killed.
 *
 * <p>Usage: {@code StallingTrainer MARKER STEP trainer-arguments...}
 */
final class StallingTrainer {
  private StallingTrainer() {}

  public static void main(String[] args) {
    Path marker = Path.of(args[0]);
    long step = Long.parseLong(args[1]);
    String[] rest = Arrays.copyOfRange(args, 2, args.length);
    int status = TrainerCli.main(rest, BreastCancerNetwork.SPEC,
        StepHook.beforeStep(BreastCancerNetwork::new, step, () -> stall(marker, step)));
    System.exit(status);
  }

  private static void stall(Path marker, long step) {
    System.out.flush();
    try {
      Path partial = marker.resolveSibling(marker.getFileName() + ".partial");
      Files.writeString(partial, String.valueOf(step));
      Files.move(partial, marker, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    while (true) {
      try {
        Thread.sleep(Long.MAX_VALUE);
      } catch (InterruptedException e) {
        // only SIGKILL ends this process
      }
    }
  }
}
