package dev.dendrite.train;

import dev.dendrite.Network;
import dev.dendrite.WeightsException;
import dev.dendrite.io.Metadata;
import dev.dendrite.io.Standardization;
import dev.dendrite.report.EpochLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A checkpoint directory of the command-line trainer's format, written and resumed by another
 * trainer (the Spark trainer's driver): the same {@code checkpoint.json}, tensor files and
 * {@code history.jsonl}, without the callbacks (early stopping, learning-rate reduction,
 * best-only checkpoints), which such a trainer does not run.
 */
public final class CheckpointDirectory {
  private final Path dir;
  private final HistoryFile history;

  private CheckpointDirectory(Path dir, HistoryFile.Ref committed) {
    this.dir = dir;
    this.history = new HistoryFile(dir, committed);
  }

  /**
   * The state of a run at the end of an epoch, besides its tensors.
   *
   * @param epoch epochs completed
   * @param shuffleState the state of the generator that shuffles the sample order
   * @param arguments the run's command line, recorded to resume it
   * @param fingerprint a text that recognises the same training data
   * @param standardization the training statistics, or null when not standardizing
   */
  public record Progress(int epoch, long optimizerSteps, long dropoutState, long shuffleState,
      double learningRate, List<String> arguments, int trainSamples, String fingerprint,
      List<String> classNames, Standardization standardization, List<EpochLog> history) {

    public Progress {
      arguments = List.copyOf(arguments);
      classNames = List.copyOf(classNames);
      history = List.copyOf(history);
    }
  }

  /** A resumed checkpoint: its progress, and the directory to write the next ones into. */
  public record Resumed(Progress progress, CheckpointDirectory directory) {}

  /** Whether {@code dir} holds a checkpoint. */
  public static boolean exists(Path dir) {
    return Checkpoint.exists(dir);
  }

  /**
   * A directory for a new run's checkpoints, created when the first is written.
   *
   * @throws IllegalArgumentException when it holds a checkpoint already
   */
  public static CheckpointDirectory create(Path dir) {
    if (exists(dir)) {
      throw new IllegalArgumentException("--checkpoint " + dir + " already holds a checkpoint; "
          + "continue it with --resume " + dir + ", or give another directory (a checkpoint "
          + "is never overwritten by another run)");
    }
    return new CheckpointDirectory(dir, HistoryFile.Ref.EMPTY);
  }

  /**
   * Reads the checkpoint in {@code dir}, checks it against {@code network}'s model and loads its
   * weights, optimizer state, step count, dropout state and learning rate into {@code network}.
   *
   * @throws WeightsException naming the file and the problem
   */
  public static Resumed resume(Path dir, Network network) {
    Checkpoint.Loaded loaded = Checkpoint.read(dir, network.spec());
    Checkpoint.State s = loaded.state();
    if (s.earlyStopping() != null || s.reduceLr() != null || s.bestOnly() != null) {
      throw new WeightsException(dir.resolve(Checkpoint.INDEX) + ": the run used callbacks "
          + "(early stopping, learning-rate reduction or best-only checkpoints) that only the "
          + "command-line trainer runs; resume it with the model's Trainer");
    }
    Checkpoint.restore(loaded, network);
    Progress progress = new Progress(s.epoch(), s.optimizerSteps(), s.dropoutState(),
        s.shuffleState(), s.learningRate(), s.arguments(), s.trainSamples(), s.fingerprint(),
        s.classNames(), s.standardization(), s.history());
    return new Resumed(progress, new CheckpointDirectory(dir, loaded.history()));
  }

  public Path dir() {
    return dir;
  }

  /**
   * Writes the checkpoint of {@code network} at {@code progress} and makes it the current one
   * (a crash leaves the previous one current).
   */
  public void write(Progress progress, Network network) throws IOException {
    Files.createDirectories(dir);
    String model = network.spec().name();
    Checkpoint.State state = new Checkpoint.State(model, progress.epoch(), false,
        progress.optimizerSteps(), progress.dropoutState(), progress.shuffleState(),
        progress.learningRate(), progress.arguments(), progress.trainSamples(), 0,
        progress.fingerprint(), progress.classNames(), progress.standardization(), null, null,
        null, progress.history());
    Checkpoint.write(dir, state, history, network, null, Metadata.of(model,
        network.spec().loss().isClassification() ? progress.classNames() : List.of(),
        progress.standardization()));
  }
}
