package dev.dendrite.train;

import dev.dendrite.ModelSpec;
import dev.dendrite.io.ImageInput;
import java.util.ArrayList;
import java.util.List;
import java.util.ListResourceBundle;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.MaxValuesExceededException;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The trainer's command line: the {@link TrainFlags} table, its subcommand {@code predict}
 * ({@link PredictFlags}), their help with the model's name and defaults, and usage errors as
 * one sentence each.
 */
final class Commands {
  static final String PREDICT = "predict";

  private Commands() {}

  /**
   * A parsed command line: the training flags, and the predict flags when the command is
   * {@code predict} (else null).
   */
  record Parsed(TrainFlags train, PredictFlags predict, ParseResult result) {}

  /**
   * Parses a user's command line: a flag given twice is refused, and an argument that starts
   * with {@code @} is a file name like any other.
   *
   * @throws IllegalArgumentException with one sentence naming the flag at fault
   */
  static Parsed parse(String[] args, ModelSpec spec) {
    return parse(args, spec, false);
  }

  /**
   * Parses a command line; with {@code laterWins} (a checkpoint's recorded flags followed by
   * the resumed run's own) a later flag replaces an earlier one's value instead.
   */
  static Parsed parse(String[] args, ModelSpec spec, boolean laterWins) {
    TrainFlags train = new TrainFlags(spec);
    PredictFlags predict = new PredictFlags();
    CommandLine line = commandLine(spec, train, predict);
    line.setOverwrittenOptionsAllowed(laterWins);
    try {
      ParseResult result = line.parseArgs(args);
      return new Parsed(train, result.hasSubcommand() ? predict : null, result);
    } catch (ParameterException e) {
      throw new IllegalArgumentException(message(e, args), e);
    }
  }

  /** The training command's help. */
  static String usage(ModelSpec spec) {
    return commandLine(spec, new TrainFlags(spec), new PredictFlags())
        .getUsageMessage(Help.Ansi.OFF);
  }

  /** The predict command's help. */
  static String predictUsage(ModelSpec spec) {
    return commandLine(spec, new TrainFlags(spec), new PredictFlags())
        .getSubcommands().get(PREDICT).getUsageMessage(Help.Ansi.OFF);
  }

  private static CommandLine commandLine(ModelSpec spec, TrainFlags train,
      PredictFlags predict) {
    CommandLine line = new CommandLine(train);
    line.setCommandName(spec.name() + "Trainer");
    line.addSubcommand(PREDICT, new CommandLine(predict));
    line.setOverwrittenOptionsAllowed(true);
    line.setExpandAtFiles(false);
    line.setUsageHelpLongOptionsMaxWidth(30);
    String metric = spec.loss().metric();
    line.setResourceBundle(new ListResourceBundle() {
      @Override
      protected Object[][] getContents() {
        return new Object[][] {{"metric", metric}};
      }
    });
    line.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_OPTION_LIST,
        help -> optionSections(help, metric));
    describeTraining(line.getCommandSpec(), spec);
    describePrediction(line.getSubcommands().get(PREDICT).getCommandSpec(), spec);
    return line;
  }

  private static void describeTraining(CommandSpec command, ModelSpec spec) {
    String name = command.name();
    command.usageMessage()
        .customSynopsis(escape(name) + " --train FILE [options]",
            "       " + escape(name) + " --resume DIR [options]",
            "       " + escape(name) + " --load FILE --epochs 0 --test FILE",
            "       " + escape(name) + " predict --load FILE INPUT...   (predict --help tells "
                + "more)")
        .description(escape(String.format(Locale.ROOT,
                "Trains %s (input %s, %,d parameters, %s) and prints the test metrics.",
                spec.name(), spec.inputShapeText(), spec.parameters(), spec.loss().words())),
            "",
            "Data files are CSV with a header row (one sample per row; the label column is the",
            "last one unless --label names it; class labels are integers 0..K-1 or names), or "
                + "MNIST",
            "IDX images files, gzip or raw, with the labels file beside them",
            "(train-images-idx3-ubyte.gz + train-labels-idx1-ubyte.gz).")
        .footer("A run whose loss becomes NaN or infinite stops, naming the epoch and batch, "
                + "and keeps",
            "the last checkpoint. Exit status: 0 done, 2 bad input (flags, data, weights,",
            "checkpoints), 3 diverged, 4 a file could not be written, 5 out of memory (one line",
            "saying what the data need and what helps: --cache or java -Xmx).",
            "",
            "Large data: a CSV training file that would not fit in the heap is read through a",
            "float32 cache beside it (FILE.dendrite-cache, memory-mapped), as --cache asks; epochs",
            "then take --shuffle blocks' order unless --shuffle full is given (see README).");
  }

  private static void describePrediction(CommandSpec command, ModelSpec spec) {
    String name = escape(spec.name());
    ImageInput.Shape image = ImageInput.shape(spec);
    List<String> text = new ArrayList<>(List.of(
        "Prints the answer of " + name + " for every sample of every INPUT, with the weights "
            + "that",
        "--save wrote to FILE (and the class names and standardization statistics saved",
        "with them).",
        "",
        "INPUT is a CSV file with a header row and one sample per row: the model's "
            + spec.inputSize(),
        "feature columns, optionally with the label column, which is ignored."));
    if (image != null) {
      text.addAll(List.of("",
          "An INPUT may also be an image (PNG, JPEG, GIF, BMP): it is resized to " + image,
          "(area averaging), scaled to [0, 1]" + (image.channels() == 1
              ? " and inverted when it is dark on light (its" : ".")));
      if (image.channels() == 1) {
        text.addAll(List.of("border is bright on average), as MNIST digits are light on dark."));
      }
    }
    command.usageMessage()
        .customSynopsis(name + "Trainer predict --load FILE [options] INPUT...")
        .description(text.toArray(String[]::new));
    if (image == null || image.channels() != 1) {
      OptionSpec invert = command.findOption("--no-invert");
      command.remove(invert);
      command.addOption(OptionSpec.builder(invert).hidden(true).build());
    }
  }

  /** The training flags in {@link TrainFlags#SECTIONS}, each section under its heading. */
  private static String optionSections(Help help, String metric) {
    StringBuilder text = new StringBuilder();
    List<OptionSpec> section = new ArrayList<>();
    for (OptionSpec option : help.commandSpec().options()) {
      String heading = TrainFlags.SECTIONS.get(option.longestName());
      if (heading != null) {
        text.append(help.optionListExcludingGroups(section))
            .append(help.createHeading("%n" + heading + "%n", metric));
        section.clear();
      }
      if (!option.hidden()) {
        section.add(option);
      }
    }
    return text.append(help.optionListExcludingGroups(section)).toString();
  }

  /** One sentence for a usage error, naming the flag as the trainer always has. */
  private static String message(ParameterException e, String[] args) {
    CommandSpec command = e.getCommandLine().getCommandSpec();
    boolean predict = command.parent() != null;
    if (e instanceof UnmatchedArgumentException unmatched
        && !unmatched.getUnmatched().isEmpty()) {
      String arg = unmatched.getUnmatched().get(0);
      return predict ? "unknown option of " + PREDICT + ": " + arg + " (it takes --load FILE, "
          + "--label COLUMN, --no-invert and input files)"
          : "unknown option: " + arg + didYouMean(arg, command);
    }
    if (e instanceof OverwrittenOptionException overwritten
        && overwritten.getOverwritten() instanceof OptionSpec option) {
      List<String> values = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        for (String name : option.names()) {
          if (args[i].equals(name) && option.arity().max() > 0 && i + 1 < args.length) {
            values.add(args[i + 1]);
          } else if (args[i].startsWith(name + "=")) {
            values.add(args[i].substring(name.length() + 1));
          }
        }
      }
      return (predict ? PREDICT + " " : "") + option.longestName() + " given twice"
          + (values.size() >= 2 ? " (" + values.get(0) + ", then " + values.get(1) + ")" : "")
          + "; give it once";
    }
    if (e instanceof MissingParameterException missing && !missing.getMissing().isEmpty()
        && missing.getMissing().get(0) instanceof OptionSpec option) {
      return (predict ? PREDICT + " " : "") + option.longestName() + " needs a value";
    }
    if (e instanceof MaxValuesExceededException) {
      for (String arg : args) {
        int eq = arg.indexOf('=');
        OptionSpec option = eq > 0 ? command.findOption(arg.substring(0, eq)) : null;
        if (option != null && option.arity().max() == 0) {
          return option.longestName() + " takes no value. Received: " + arg;
        }
      }
    }
    ArgSpec arg = e.getArgSpec();
    if (e.getCause() instanceof TypeConversionException refused
        && arg instanceof OptionSpec option) {
      return option.longestName() + " " + refused.getMessage();
    }
    return e.getMessage();
  }

  /**
   * " Did you mean --x?" naming the option closest to {@code arg} in edit distance, when one is
   * close enough to be a slip (at most 2 edits, and fewer than half the name); else "".
   */
  static String didYouMean(String arg, CommandSpec command) {
    if (!arg.startsWith("-")) {
      return "";
    }
    int eq = arg.indexOf('=');
    String name = eq > 0 ? arg.substring(0, eq) : arg;
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (OptionSpec option : command.options()) {
      if (option.hidden()) {
        continue;
      }
      for (String candidate : option.names()) {
        int d = distance(name, candidate);
        if (d < bestDistance) {
          best = candidate;
          bestDistance = d;
        }
      }
    }
    boolean close = best != null && bestDistance <= 2 && 2 * bestDistance < name.length() - 2;
    return close ? ". Did you mean " + best + "?" : "";
  }

  /** Levenshtein distance, with a transposition of neighbours counting as one edit. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  /** Text for picocli's format strings, which read {@code %} as a conversion. */
  private static String escape(String text) {
    return text.replace("%", "%%");
  }
}
