package dev.dendrite.train;

import dev.dendrite.LearningRateSchedule;
import dev.dendrite.ModelSpec;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The trainer's command-line flags, parsed and checked.
 *
 * @param report the directory of --report, or null
 * @param arguments the command line without --resume, --checkpoint, --load and --report (and their
 *     values): what a checkpoint records so that --resume can repeat the run's settings
 * @param cache whether --cache asks for the training data's binary cache
 * @param shuffle --shuffle's order, or null for the default of the path the data take
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
    Path report,
    List<String> arguments,
    boolean cache,
    EpochOrder shuffle) {

  TrainerOptions {
    arguments = List.copyOf(arguments);
  }

  /** Keras' {@code EarlyStopping} arguments. */
  record EarlyStoppingOptions(Monitor monitor, int patience, double minDelta,
      boolean restoreBestWeights) {
    @Override
    public String toString() {
      return "monitor " + monitor.quantity() + ", patience " + patience + ", min delta "
          + Texts.number(minDelta) + (restoreBestWeights ? ", restoring the best weights" : "");
    }
  }

  /** Keras' {@code ReduceLROnPlateau} arguments. */
  record ReduceLrOptions(Monitor monitor, int patience, double factor, double minDelta,
      int cooldown, double minLr) {
    @Override
    public String toString() {
      return "monitor " + monitor.quantity() + ", patience " + patience + ", factor "
          + Texts.number(factor) + ", min delta " + Texts.number(minDelta) + ", cooldown "
          + cooldown + ", min lr " + Texts.number(minLr);
    }
  }

  /** Flags a checkpoint does not record: where this run reads and writes its files. */
  private static final Set<String> NOT_RECORDED = Set.of("--resume", "--checkpoint", "--load",
      "--report");

  /**
   * Parses and checks a command line. With --resume, the checks that involve several flags wait
   * for {@link #resume}, which completes the flags with the checkpoint's recorded ones.
   *
   * @throws IllegalArgumentException naming the flag at fault
   */
  static TrainerOptions parse(String[] args, ModelSpec spec) {
    return parse(args, spec, false);
  }

  /** @param merged whether {@code args} are a resumed run's recorded flags and its own */
  private static TrainerOptions parse(String[] args, ModelSpec spec, boolean merged) {
    Commands.Parsed parsed = Commands.parse(args, spec, merged);
    if (parsed.predict() != null) {
      throw new IllegalArgumentException(Commands.PREDICT + " is a command of its own: give it "
          + "first, as in " + spec.name() + "Trainer " + Commands.PREDICT + " --load FILE "
          + "INPUT...");
    }
    TrainFlags f = parsed.train();
    Path report = report(parsed);
    List<String> recorded = recorded(args);
    if (f.help || f.resume != null && !merged && f.load == null) {
      return new TrainerOptions(f.help, f.train, f.test, f.validationSplit, f.epochs,
          f.batchSize, f.learningRate, f.seed, f.label.column, f.standardize, f.save, f.load,
          f.checkpoint, f.resume, f.bestOnly, null, null, null, f.historyCsv, report, recorded,
          f.cache, f.shuffle);
    }
    if (f.load != null && f.resume != null) {
      throw new IllegalArgumentException("--load and --resume exclude each other: a resumed run "
          + "continues from its checkpoint's weights");
    }
    if (f.train == null && f.resume == null) {
      if (f.load == null) {
        throw new IllegalArgumentException("no training data: give --train FILE");
      }
      if (f.epochs != 0) {
        throw new IllegalArgumentException("no training data: give --train FILE, or --epochs 0 "
            + "to only evaluate the --load'ed weights on --test FILE");
      }
      if (f.test == null) {
        throw new IllegalArgumentException("nothing to do: --load FILE --epochs 0 evaluates the "
            + "loaded weights on --test FILE; give --test FILE");
      }
    }
    if (f.bestOnly && f.checkpoint == null && f.resume == null) {
      throw new IllegalArgumentException("--checkpoint-best-only needs --checkpoint DIR");
    }
    if (f.monitor != null && !f.bestOnly) {
      throw new IllegalArgumentException("--checkpoint-monitor needs --checkpoint-best-only: "
          + "without it a checkpoint is written after every epoch");
    }
    String metric = spec.loss().metric();
    boolean validating = f.validationSplit > 0;
    Monitor bestOnly = f.bestOnly
        ? monitor("--checkpoint-monitor", f.monitor, metric, validating) : null;
    EarlyStoppingOptions es = f.earlyStopping()
        ? new EarlyStoppingOptions(monitor("--early-stopping-monitor", f.esMonitor, metric,
            validating), or(f.esPatience, 0), or(f.esMinDelta, 0.0), f.restoreBest)
        : null;
    if (f.reduceLr() && spec.schedule() != LearningRateSchedule.CONSTANT) {
      throw new IllegalArgumentException("--reduce-lr-* cannot be used with " + spec.name()
          + "'s learningRateSchedule " + spec.schedule() + ", which sets the learning rate every"
          + " step; remove the flag or the schedule");
    }
    if (f.standardize && spec.inputIdLimit() > 0) {
      throw new IllegalArgumentException("--standardize cannot be used with " + spec.name()
          + ", whose input is the token ids of an Embedding: scaled, they are no longer ids; "
          + "remove --standardize");
    }
    ReduceLrOptions rl = f.reduceLr()
        ? new ReduceLrOptions(monitor("--reduce-lr-monitor", f.rlMonitor, metric, validating),
            or(f.rlPatience, 10), or(f.rlFactor, 0.1), or(f.rlMinDelta, 1e-4),
            or(f.rlCooldown, 0), or(f.rlMinLr, 0.0))
        : null;
    return new TrainerOptions(false, f.train, f.test, f.validationSplit, f.epochs, f.batchSize,
        f.learningRate, f.seed, f.label.column, f.standardize, f.save, f.load, f.checkpoint,
        f.resume, f.bestOnly, bestOnly, es, rl, f.historyCsv, report, recorded, f.cache,
        f.shuffle);
  }

  private static <T> T or(T value, T otherwise) {
    return value != null ? value : otherwise;
  }

  /** Recorded flags whose value is a file, recorded as an absolute path. */
  private static final Set<String> FILES = Set.of("--train", "--test", "--save",
      "--history-csv");

  /**
   * The command line less the flags in {@link #NOT_RECORDED} and their values, with the paths of
   * {@link #FILES} absolute, so that a run resumed from another folder finds the same files.
   */
  private static List<String> recorded(String[] args) {
    List<String> recorded = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      int equals = args[i].startsWith("--") ? args[i].indexOf('=') : -1;
      String name = equals > 0 ? args[i].substring(0, equals) : args[i];
      if (NOT_RECORDED.contains(name)) {
        i += name.equals(args[i]) ? 1 : 0;
      } else if (FILES.contains(name) && equals > 0) {
        recorded.add(name + "=" + absolute(args[i].substring(equals + 1)));
      } else if (FILES.contains(name) && i + 1 < args.length) {
        recorded.add(name);
        recorded.add(absolute(args[++i]));
      } else {
        recorded.add(args[i]);
      }
    }
    return recorded;
  }

  private static String absolute(String path) {
    try {
      return Path.of(path).toAbsolutePath().normalize().toString();
    } catch (InvalidPathException e) {
      // refused by the parser with its own message
      return path;
    }
  }

  /** {@code --report DIR}, given once, naming a directory or nothing yet. */
  private static Path report(Commands.Parsed parsed) {
    if (!parsed.result().hasMatchedOption("--report")) {
      return null;
    }
    List<String> given = parsed.result().matchedOption("--report").originalStringValues();
    if (given.size() > 1) {
      throw new IllegalArgumentException("--report is given twice: " + given.get(0) + " and "
          + given.get(1));
    }
    Path dir = parsed.train().report;
    if (dir.toString().isEmpty()) {
      throw new IllegalArgumentException("--report needs a directory. Received: ''");
    }
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IllegalArgumentException("--report " + dir + " is a file, not a directory");
    }
    return dir;
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
    same("--shuffle", before.shuffle(), after.shuffle());
    Path checkpoint = after.checkpoint() != null ? after.checkpoint() : after.resume();
    return new TrainerOptions(false, after.train(), after.test(), after.validationSplit(),
        after.epochs(), after.batchSize(), after.learningRate(), after.seed(), after.label(),
        after.standardize(), after.save(), null, checkpoint, after.resume(),
        after.checkpointBestOnly(), after.checkpointMonitor(), after.earlyStopping(),
        after.reduceLr(), after.historyCsv(), after.report(), after.arguments(), after.cache(),
        after.shuffle());
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
    return Commands.usage(spec);
  }
}
