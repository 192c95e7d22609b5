package dev.dendrite.train;

import dev.dendrite.ModelSpec;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The trainer's flags, for training and resuming: one table of names, values, parsers and help
 * text, read by picocli. Defaults are the model's ({@code ${DEFAULT-VALUE}} shows them);
 * {@link TrainerOptions} checks what involves several flags.
 */
@Command(sortOptions = false, usageHelpWidth = 100,
    descriptionHeading = "%n", optionListHeading = "%nOptions:%n",
    footerHeading = "%n")
final class TrainFlags {
  /**
   * The help's sections after the first: the flag that opens each, and its heading, in which
   * {@code %1$s} is the model's metric. Options are listed in the order they are declared here.
   */
  static final Map<String, String> SECTIONS = Map.of(
      "--save", "Weights and checkpoints (safetensors files, or Keras' by the name: .keras, "
          + ".weights.h5; written atomically):",
      "--early-stopping-patience", "Callbacks (Keras' semantics and defaults; Q is loss, "
          + "%1$s, val_loss or val_%1$s):");

  @Option(names = "--train", paramLabel = "FILE",
      description = "training data (required unless resuming or evaluating)")
  Path train;

  @Option(names = "--test", paramLabel = "FILE", description = "test data, evaluated after training")
  Path test;

  @Option(names = "--validation-split", paramLabel = "F", converter = FlagTypes.Fraction.class,
      description = {"hold back the last fraction F of the training data and report val_loss "
          + "after every epoch (default 0)"})
  double validationSplit;

  @Option(names = "--epochs", paramLabel = "N", converter = FlagTypes.Count.class,
      description = "passes over the training data (default ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--batch-size", paramLabel = "N", converter = FlagTypes.PositiveCount.class,
      description = "samples per step (default ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--learning-rate", paramLabel = "X", converter = FlagTypes.Positive.class,
      description = "optimizer learning rate (default ${DEFAULT-VALUE})")
  double learningRate;

  @Option(names = "--seed", paramLabel = "N", converter = FlagTypes.Seed.class,
      description = "seed of initialisation, shuffling, dropout (default ${DEFAULT-VALUE})")
  long seed;

  @Mixin
  LabelFlag label = new LabelFlag();

  @Option(names = "--standardize", arity = "0", description = "scale CSV features to mean 0, "
      + "deviation 1, with the statistics of the training data")
  boolean standardize;

  @Option(names = "--cache", arity = "0", description = "train from FILE.dendrite-cache, "
      + "a float32 copy of the training CSV beside it, memory-mapped: for data larger than the "
      + "heap; made on first use and again when FILE changes; chosen without the flag when the "
      + "data would not fit in the heap")
  boolean cache;

  @Option(names = "--shuffle", paramLabel = "ORDER", converter = EpochOrder.Flag.class,
      description = "the order of each epoch: full (shuffle all samples; the default in memory) "
          + "or blocks (permute blocks of 1024 rows, shuffle within windows of 64 blocks; the "
          + "default with the cache)")
  EpochOrder shuffle;

  @Option(names = "--history-csv", paramLabel = "FILE", description = "the per-epoch log as "
      + "CSV: epoch (from 0), loss, ${bundle:metric}, val_loss, val_${bundle:metric}, "
      + "learning_rate")
  Path historyCsv;

  @Option(names = "--report", paramLabel = "DIR", description = "write history.csv and "
      + "history.png to DIR; for classifiers print the confusion matrix and per-class "
      + "precision, recall and F1 on the test data and write them too, with misclassified.png "
      + "for image models")
  Path report;

  @Option(names = {"--help", "-h"}, usageHelp = true, arity = "0", description = "show this help")
  boolean help;

  @Option(names = "--save", paramLabel = "FILE", description = "write the final weights, "
      + "with the class names and standardization statistics (not written if training fails)")
  Path save;

  @Option(names = "--load", paramLabel = "FILE", description = "start from saved weights; "
      + "with --epochs 0 only evaluate --test (without --train, the file's class names and "
      + "statistics are used)")
  Path load;

  @Option(names = "--checkpoint", paramLabel = "DIR", description = "after every epoch, "
      + "write a checkpoint (weights, optimizer state, random states, callbacks, history) to "
      + "DIR; a crash leaves the last complete one")
  Path checkpoint;

  @Option(names = "--resume", paramLabel = "DIR", description = "continue the run "
      + "checkpointed in DIR exactly where its last completed epoch ended, with its settings;"
      + " goes on checkpointing to DIR")
  Path resume;

  @Option(names = "--checkpoint-best-only", arity = "0",
      description = "write a checkpoint only when the monitored quantity improved")
  boolean bestOnly;

  @Option(names = "--checkpoint-monitor", paramLabel = "Q",
      description = "its quantity (default val_loss)")
  String monitor;

  /** The callbacks' settings are null when not given: any given flag turns its callback on. */
  @Option(names = "--early-stopping-patience", paramLabel = "N",
      converter = FlagTypes.Count.class,
      description = "stop after N epochs without improvement (default 0)")
  Integer esPatience;

  @Option(names = "--early-stopping-monitor", paramLabel = "Q",
      description = "the quantity watched (default val_loss)")
  String esMonitor;

  @Option(names = "--early-stopping-min-delta", paramLabel = "X",
      converter = FlagTypes.NonNegative.class,
      description = "smaller changes are no improvement (default 0)")
  Double esMinDelta;

  @Option(names = "--restore-best-weights", arity = "0", description = {"end with the weights "
      + "of the best epoch", "(any of these four turns early stopping on)"})
  boolean restoreBest;

  @Option(names = "--reduce-lr-patience", paramLabel = "N", converter = FlagTypes.Count.class,
      description = "reduce the learning rate after N epochs without improvement (default 10)")
  Integer rlPatience;

  @Option(names = "--reduce-lr-factor", paramLabel = "F", converter = FlagTypes.Factor.class,
      description = "multiply it by F (default 0.1)")
  Double rlFactor;

  @Option(names = "--reduce-lr-monitor", paramLabel = "Q",
      description = "the quantity watched (default val_loss)")
  String rlMonitor;

  @Option(names = "--reduce-lr-min-delta", paramLabel = "X",
      converter = FlagTypes.NonNegative.class,
      description = "smaller changes are no improvement (default 0.0001)")
  Double rlMinDelta;

  @Option(names = "--reduce-lr-cooldown", paramLabel = "N", converter = FlagTypes.Count.class,
      description = "epochs to wait after a reduction (default 0)")
  Integer rlCooldown;

  @Option(names = "--reduce-lr-min-lr", paramLabel = "X",
      converter = FlagTypes.NonNegative.class, description = {"lower bound of the learning "
          + "rate (default 0)", "(any --reduce-lr-* flag turns the reduction on)"})
  Double rlMinLr;

  TrainFlags(ModelSpec spec) {
    epochs = spec.epochs();
    batchSize = spec.batchSize();
    learningRate = spec.learningRate();
    seed = spec.seed();
  }

  /** Whether a flag of Keras' EarlyStopping is given. */
  boolean earlyStopping() {
    return esPatience != null || esMonitor != null || esMinDelta != null || restoreBest;
  }

  /** Whether a flag of Keras' ReduceLROnPlateau is given. */
  boolean reduceLr() {
    return rlPatience != null || rlFactor != null || rlMonitor != null || rlMinDelta != null
        || rlCooldown != null || rlMinLr != null;
  }
}
