package dev.dendrite.runtime;

import dev.dendrite.ModelSpec;
import java.nio.file.Path;
import java.util.Locale;

/** The trainer's command-line flags, parsed and checked. */
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
    boolean standardize) {

  static TrainerOptions parse(String[] args, ModelSpec spec) {
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
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        value = arg.substring(eq + 1);
        arg = arg.substring(0, eq);
      }
      if (value != null && (arg.equals("--help") || arg.equals("--standardize"))) {
        throw new IllegalArgumentException(arg + " takes no value. Received: " + args[i]);
      }
      switch (arg) {
        case "--help", "-h" -> help = true;
        case "--standardize" -> standardize = true;
        case "--train", "--test", "--validation-split", "--epochs", "--batch-size",
            "--learning-rate", "--seed", "--label" -> {
          if (value == null) {
            if (i + 1 >= args.length) {
              throw new IllegalArgumentException(arg + " needs a value");
            }
            value = args[++i];
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
            default -> label = value;
          }
        }
        default -> throw new IllegalArgumentException("unknown option: " + args[i]);
      }
    }
    if (!help && train == null) {
      throw new IllegalArgumentException("no training data: give --train FILE");
    }
    return new TrainerOptions(help, train, test, split, epochs, batchSize, learningRate, seed,
        label, standardize);
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

        Trains %1$s (input %2$s, %3$,d parameters, %4$s) and prints the test metrics.

        Data files are CSV with a header row (one sample per row; the label column is the
        last one unless --label names it; class labels are integers 0..K-1 or names), or MNIST
        IDX images files, gzip or raw, with the labels file beside them
        (train-images-idx3-ubyte.gz + train-labels-idx1-ubyte.gz).

        Options:
          --train FILE              training data (required)
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
          --help                    show this help
        """, spec.name(), spec.inputShapeText(), spec.parameters(), spec.loss().words(),
        spec.epochs(), spec.batchSize(), spec.learningRate(), spec.seed());
  }
}
