package dev.dendrite.train;

import dev.dendrite.ModelSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The trainer's command-line flags, parsed and checked.
 *
 * @param arguments the command line without --resume, --checkpoint and --load (and their
 *     values): what a checkpoint records so that --resume can repeat the run's settings
 */
record TrainerOptions(
    boolean help,
    Path train,
    Path test,
    double validationSplit,
    int epochs,
    int batchSize,
    double learningRate,
    long seed,
    String label,
    boolean standardize,
    Path save,
    Path load,
    Path checkpoint,
    Path resume,
    boolean checkpointBestOnly,
    Monitor checkpointMonitor,
    EarlyStoppingOptions earlyStopping,
    ReduceLrOptions reduceLr,
    Path historyCsv,
    List<String> arguments) {

  TrainerOptions {
    arguments = List.copyOf(arguments);
  }

  /** Keras' {@code EarlyStopping} arguments. */
  record EarlyStoppingOptions(Monitor monitor, int patience, double minDelta,
      boolean restoreBestWeights) {
    @Override
    public String toString() {
      return "monitor " + monitor.quantity() + ", patience " + patience + ", min delta "
          + minDelta + (restoreBestWeights ? ", restoring the best weights" : "");
    }
  }

  /** Keras' {@code ReduceLROnPlateau} arguments. */
  record ReduceLrOptions(Monitor monitor, int patience, double factor, double minDelta,
      int cooldown, double minLr) {
    @Override
    public String toString() {
      return "monitor " + monitor.quantity() + ", patience " + patience + ", factor " + factor
          + ", min delta " + minDelta + ", cooldown " + cooldown + ", min lr " + minLr;
    }
  }

  private static final Set<String> SWITCHES = Set.of("--help", "-h", "--standardize",
      "--checkpoint-best-only", "--restore-best-weights");

  private static final Set<String> VALUED = Set.of("--train", "--test", "--validation-split",
      "--epochs", "--batch-size", "--learning-rate", "--seed", "--label", "--save", "--load",
      "--checkpoint", "--resume", "--checkpoint-monitor", "--early-stopping-patience",
      "--early-stopping-monitor", "--early-stopping-min-delta", "--reduce-lr-patience",
      "--reduce-lr-factor", "--reduce-lr-monitor", "--reduce-lr-min-delta",
      "--reduce-lr-cooldown", "--reduce-lr-min-lr", "--history-csv");

  /** Flags a checkpoint does not record: where this run reads and writes its checkpoints. */
  private static final Set<String> NOT_RECORDED = Set.of("--resume", "--checkpoint", "--load");

  /**
   * Parses and checks a command line. With --resume, the checks that involve several flags wait
   * for {@link #resume}, which completes the flags with the checkpoint's recorded ones.
   */
  static TrainerOptions parse(String[] args, ModelSpec spec) {
    return parse(args, spec, false);
  }

  /** @param merged whether {@code args} are a resumed run's recorded flags and its own */
  private static TrainerOptions parse(String[] args, ModelSpec spec, boolean merged) {
    boolean help = false;
    Path train = null;
    Path test = null;
    double split = 0;
    int epochs = spec.epochs();
    int batchSize = spec.batchSize();
    double learningRate = spec.learningRate();
    long seed = spec.seed();
    String label = null;
    boolean standardize = false;
    Path save = null;
    Path load = null;
    Path checkpoint = null;
    Path resume = null;
    boolean bestOnly = false;
    String checkpointMonitor = null;
    String esMonitor = null;
    int esPatience = 0;
    double esMinDelta = 0;
    boolean restoreBest = false;
    boolean earlyStopping = false;
    String rlMonitor = null;
    int rlPatience = 10;
    double rlFactor = 0.1;
    double rlMinDelta = 1e-4;
    int rlCooldown = 0;
    double rlMinLr = 0;
    boolean reduceLr = false;
    Path historyCsv = null;
    List<String> recorded = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        value = arg.substring(eq + 1);
        arg = arg.substring(0, eq);
      }
      if (SWITCHES.contains(arg)) {
        if (value != null) {
          throw new IllegalArgumentException(arg + " takes no value. Received: " + args[i]);
        }
        recorded.add(args[i]);
        switch (arg) {
          case "--standardize" -> standardize = true;
          case "--checkpoint-best-only" -> bestOnly = true;
          case "--restore-best-weights" -> {
            restoreBest = true;
            earlyStopping = true;
          }
          default -> help = true;
        }
        continue;
      }
      if (!VALUED.contains(arg)) {
        throw new IllegalArgumentException("unknown option: " + args[i]);
      }
      int start = i;
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(arg + " needs a value");
        }
        value = args[++i];
      }
      if (!NOT_RECORDED.contains(arg)) {
        recorded.addAll(List.of(args).subList(start, i + 1));
      }
      switch (arg) {
        case "--train" -> train = Path.of(value);
        case "--test" -> test = Path.of(value);
        case "--validation-split" -> {
          split = number(arg, value);
          if (!(split >= 0 && split < 1)) {
            throw new IllegalArgumentException(
                "--validation-split must be in [0, 1). Received: " + value);
          }
        }
        case "--epochs" -> epochs = integer(arg, value, 0);
        case "--batch-size" -> batchSize = integer(arg, value, 1);
        case "--learning-rate" -> {
          learningRate = number(arg, value);
          if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException(
                "--learning-rate must be positive. Received: " + value);
          }
        }
        case "--seed" -> {
          try {
            seed = Long.parseLong(value);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seed expects an integer. Received: " + value);
          }
        }
        case "--label" -> label = value;
        case "--save" -> save = Path.of(value);
        case "--load" -> load = Path.of(value);
        case "--checkpoint" -> checkpoint = Path.of(value);
        case "--resume" -> resume = Path.of(value);
        case "--history-csv" -> historyCsv = Path.of(value);
        case "--checkpoint-monitor" -> checkpointMonitor = value;
        case "--early-stopping-monitor" -> {
          esMonitor = value;
          earlyStopping = true;
        }
        case "--early-stopping-patience" -> {
          esPatience = integer(arg, value, 0);
          earlyStopping = true;
        }
        case "--early-stopping-min-delta" -> {
          esMinDelta = nonNegative(arg, value);
          earlyStopping = true;
        }
        case "--reduce-lr-monitor" -> {
          rlMonitor = value;
          reduceLr = true;
        }
        case "--reduce-lr-patience" -> {
          rlPatience = integer(arg, value, 0);
          reduceLr = true;
        }
        case "--reduce-lr-factor" -> {
          rlFactor = number(arg, value);
          if (!(rlFactor > 0 && rlFactor < 1)) {
            throw new IllegalArgumentException(
                "--reduce-lr-factor must be in (0, 1). Received: " + value);
          }
          reduceLr = true;
        }
        case "--reduce-lr-min-delta" -> {
          rlMinDelta = nonNegative(arg, value);
          reduceLr = true;
        }
        case "--reduce-lr-cooldown" -> {
          rlCooldown = integer(arg, value, 0);
          reduceLr = true;
        }
        default -> {
          rlMinLr = nonNegative(arg, value);
          reduceLr = true;
        }
      }
    }
    if (help) {
      return new TrainerOptions(true, train, test, split, epochs, batchSize, learningRate, seed,
          label, standardize, save, load, checkpoint, resume, bestOnly, null, null, null,
          historyCsv, recorded);
    }
    if (load != null && resume != null) {
      throw new IllegalArgumentException("--load and --resume exclude each other: a resumed run "
          + "continues from its checkpoint's weights");
    }
    if (resume != null && !merged) {
      return new TrainerOptions(false, train, test, split, epochs, batchSize, learningRate, seed,
          label, standardize, save, load, checkpoint, resume, bestOnly, null, null, null,
          historyCsv, recorded);
    }
    if (train == null && resume == null) {
      if (load == null) {
        throw new IllegalArgumentException("no training data: give --train FILE");
      }
      if (epochs != 0) {
        throw new IllegalArgumentException("no training data: give --train FILE, or --epochs 0 "
            + "to only evaluate the --load'ed weights on --test FILE");
      }
      if (test == null) {
        throw new IllegalArgumentException("nothing to do: --load FILE --epochs 0 evaluates the "
            + "loaded weights on --test FILE; give --test FILE");
      }
    }
    if (bestOnly && checkpoint == null && resume == null) {
      throw new IllegalArgumentException("--checkpoint-best-only needs --checkpoint DIR");
    }
    if (checkpointMonitor != null && !bestOnly) {
      throw new IllegalArgumentException("--checkpoint-monitor needs --checkpoint-best-only: "
          + "without it a checkpoint is written after every epoch");
    }
    String metric = spec.loss().metric();
    boolean validating = split > 0;
    Monitor bestOnlyMonitor = bestOnly
        ? monitor("--checkpoint-monitor", checkpointMonitor, metric, validating) : null;
    EarlyStoppingOptions es = earlyStopping
        ? new EarlyStoppingOptions(monitor("--early-stopping-monitor", esMonitor, metric,
            validating), esPatience, esMinDelta, restoreBest)
        : null;
    if (reduceLr && spec.schedule() != dev.dendrite.LearningRateSchedule.CONSTANT) {
      throw new IllegalArgumentException("--reduce-lr-* cannot be used with " + spec.name()
          + "'s learningRateSchedule " + spec.schedule() + ", which sets the learning rate every"
          + " step; remove the flag or the schedule");
    }
    ReduceLrOptions rl = reduceLr
        ? new ReduceLrOptions(monitor("--reduce-lr-monitor", rlMonitor, metric, validating),
            rlPatience, rlFactor, rlMinDelta, rlCooldown, rlMinLr)
        : null;
    return new TrainerOptions(false, train, test, split, epochs, batchSize, learningRate, seed,
        label, standardize, save, load, checkpoint, resume, bestOnly, bestOnlyMonitor, es, rl,
        historyCsv, recorded);
  }

  /** The monitor a flag names, or Keras' default {@code val_loss} when it names none. */
  private static Monitor monitor(String flag, String quantity, String metric,
      boolean validating) {
    return quantity == null
        ? Monitor.of(flag + " (default)", "val_loss", metric, validating)
        : Monitor.of(flag, quantity, metric, validating);
  }

  /**
   * The options of a resumed run: the checkpoint's recorded command line, then this one's
   * flags. Flags that decide the course of training must not change; --epochs (to train longer),
   * the data files' paths, --test, --save, --history-csv and --checkpoint may.
   *
   * @throws IllegalArgumentException naming a flag whose value differs from the checkpoint's
   */
  static TrainerOptions resume(List<String> recorded, String[] args, ModelSpec spec) {
    List<String> merged = new ArrayList<>(recorded);
    merged.addAll(List.of(args));
    TrainerOptions after = parse(merged.toArray(String[]::new), spec, true);
    List<String> original = new ArrayList<>(recorded);
    original.addAll(List.of("--resume", after.resume().toString()));
    TrainerOptions before = parse(original.toArray(String[]::new), spec, true);
    same("--seed", before.seed(), after.seed());
    same("--batch-size", before.batchSize(), after.batchSize());
    same("--learning-rate", before.learningRate(), after.learningRate());
    same("--validation-split", before.validationSplit(), after.validationSplit());
    same("--label", before.label(), after.label());
    same("--standardize", before.standardize(), after.standardize());
    same("--checkpoint-best-only", before.checkpointBestOnly(), after.checkpointBestOnly());
    same("--checkpoint-monitor", before.checkpointMonitor(), after.checkpointMonitor());
    same("early stopping (--early-stopping-*, --restore-best-weights)", before.earlyStopping(),
        after.earlyStopping());
    same("--reduce-lr-*", before.reduceLr(), after.reduceLr());
    Path checkpoint = after.checkpoint() != null ? after.checkpoint() : after.resume();
    return new TrainerOptions(false, after.train(), after.test(), after.validationSplit(),
        after.epochs(), after.batchSize(), after.learningRate(), after.seed(), after.label(),
        after.standardize(), after.save(), null, checkpoint, after.resume(),
        after.checkpointBestOnly(), after.checkpointMonitor(), after.earlyStopping(),
        after.reduceLr(), after.historyCsv(), after.arguments());
  }

  private static void same(String flag, Object recorded, Object given) {
    if (!Objects.equals(recorded, given)) {
      throw new IllegalArgumentException(flag + " differs from the checkpoint's: it was "
          + shown(recorded) + ", now " + shown(given) + ". A resumed run keeps the settings that decide its "
          + "course; it may change --epochs, --train, --test, --save, --history-csv and "
          + "--checkpoint");
    }
  }

  private static String shown(Object value) {
    return value == null ? "off"
        : value instanceof Monitor m ? m.quantity()
        : value.toString();
  }

  private static double nonNegative(String flag, String value) {
    double x = number(flag, value);
    if (!(x >= 0) || Double.isInfinite(x)) {
      throw new IllegalArgumentException(flag + " must be a non-negative number. Received: "
          + value);
    }
    return x;
  }

  private static double number(String flag, String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " expects a number. Received: " + value);
    }
  }

  private static int integer(String flag, String value, int min) {
    try {
      int n = Integer.parseInt(value);
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        flag + " expects an integer of at least " + min + ". Received: " + value);
  }

  static String usage(ModelSpec spec) {
    return String.format(Locale.ROOT, """
        Usage: %1$sTrainer --train FILE [options]
               %1$sTrainer --resume DIR [options]
               %1$sTrainer --load FILE --epochs 0 --test FILE
               %1$sTrainer predict --load FILE INPUT...   (predict --help tells more)

        Trains %1$s (input %2$s, %3$,d parameters, %4$s) and prints the test metrics.

        Data files are CSV with a header row (one sample per row; the label column is the
        last one unless --label names it; class labels are integers 0..K-1 or names), or MNIST
        IDX images files, gzip or raw, with the labels file beside them
        (train-images-idx3-ubyte.gz + train-labels-idx1-ubyte.gz).

        Options:
          --train FILE              training data (required unless resuming or evaluating)
          --test FILE               test data, evaluated after training
          --validation-split F      hold back the last fraction F of the training data
                                    and report val_loss after every epoch (default 0)
          --epochs N                passes over the training data (default %5$d)
          --batch-size N            samples per step (default %6$d)
          --learning-rate X         optimizer learning rate (default %7$s)
          --seed N                  seed of initialisation, shuffling, dropout (default %8$d)
          --label COLUMN            CSV label column (default: the last column)
          --standardize             scale CSV features to mean 0, deviation 1, with the
                                    statistics of the training data

        Weights and checkpoints (safetensors files, written atomically):
          --save FILE               write the final weights, with the class names and
                                    standardization statistics (not written if training fails)
          --load FILE               start from saved weights; with --epochs 0 only evaluate
                                    --test (without --train, the file's class names and
                                    statistics are used)
          --checkpoint DIR          after every epoch, write a checkpoint (weights, optimizer
                                    state, random states, callbacks, history) to DIR; a crash
                                    leaves the last complete one
          --resume DIR              continue the run checkpointed in DIR exactly where its
                                    last completed epoch ended, with its settings; goes on
                                    checkpointing to DIR
          --checkpoint-best-only    write a checkpoint only when the monitored quantity improved
          --checkpoint-monitor Q    its quantity (default val_loss)

        Callbacks (Keras' semantics and defaults; Q is loss, %9$s, val_loss or val_%9$s):
          --early-stopping-patience N    stop after N epochs without improvement (default 0)
          --early-stopping-monitor Q     the quantity watched (default val_loss)
          --early-stopping-min-delta X   smaller changes are no improvement (default 0)
          --restore-best-weights         end with the weights of the best epoch
                                         (any of these four turns early stopping on)
          --reduce-lr-patience N         reduce the learning rate after N epochs without
                                         improvement (default 10)
          --reduce-lr-factor F           multiply it by F (default 0.1)
          --reduce-lr-monitor Q          the quantity watched (default val_loss)
          --reduce-lr-min-delta X        smaller changes are no improvement (default 0.0001)
          --reduce-lr-cooldown N         epochs to wait after a reduction (default 0)
          --reduce-lr-min-lr X           lower bound of the learning rate (default 0)
                                         (any --reduce-lr-* flag turns the reduction on)
          --history-csv FILE        the per-epoch log as CSV: epoch (from 0), loss, %9$s,
                                    val_loss, val_%9$s, learning_rate
          --report DIR              write history.csv and history.png to DIR; for
                                    classifiers print the confusion matrix and per-class
                                    precision, recall and F1 on the test data and write them
                                    too, with misclassified.png for image models
          --help                    show this help

        A run whose loss becomes NaN or infinite stops, naming the epoch and batch, and keeps
        the last checkpoint. Exit status: 0 done, 2 bad input (flags, data, weights,
        checkpoints), 3 diverged, 4 a file could not be written.
        """, spec.name(), spec.inputShapeText(), spec.parameters(), spec.loss().words(),
        spec.epochs(), spec.batchSize(), spec.learningRate(), spec.seed(), spec.loss().metric());
  }
}
