package dev.dendrite.train;

import dev.dendrite.DataException;
import dev.dendrite.Dataset;
import dev.dendrite.Loss;
import dev.dendrite.ModelSpec;
import dev.dendrite.Network;
import dev.dendrite.WeightsException;
import dev.dendrite.io.DataFiles;
import dev.dendrite.io.ImageInput;
import dev.dendrite.io.Metadata;
import dev.dendrite.io.Standardization;
import dev.dendrite.io.Weights;
import dev.dendrite.report.Answers;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.stream.IntStream;

/**
 * The trainer's {@code predict} command: {@code <Name>Trainer predict --load FILE INPUT...}
 * prints the model's answer for every sample of every input, with the weights that
 * {@code --save} wrote (and the class names and standardization statistics saved with them).
 *
 * <p>An input is a CSV file with a header row and one sample per row: the model's feature
 * columns, and optionally one more, the label column (the last, or the one {@code --label}
 * names), which is ignored. For image models (see {@link ImageInput}) an input may also be a
 * PNG, JPEG, GIF or BMP image, converted as {@link ImageInput#read} says. Every input is read
 * before anything is printed: a bad one is one error line naming it, and nothing else.
 */
final class Predictor {
  static final String COMMAND = Commands.PREDICT;
  /** The most probable classes printed for each sample. */
  static final int TOP = 3;

  private final ModelSpec spec;
  private final LongFunction<Network> factory;
  private final PrintStream out;
  private final PrintStream err;

  Predictor(ModelSpec spec, LongFunction<Network> factory, PrintStream out, PrintStream err) {
    this.spec = spec;
    this.factory = factory;
    this.out = out;
    this.err = err;
  }

  /** Whether a command line asks for this command rather than for training. */
  static boolean isCommand(String[] args) {
    return args.length > 0 && args[0].equals(COMMAND);
  }

  /** One sample and where it came from: {@code digit.png} or {@code rows.csv:3}. */
  private record Sample(String name, float[] features) {}

  /**
   * Runs a command line that {@link #isCommand} accepts and returns the exit status: 0, or
   * {@link TrainerCli#BAD_INPUT} after one error line.
   */
  int run(String[] args) {
    if (!isCommand(args)) {
      throw new IllegalArgumentException("not a " + COMMAND + " command line");
    }
    try {
      PredictFlags options = Commands.parse(args, spec).predict();
      if (options.help) {
        out.print(Commands.predictUsage(spec));
        return 0;
      }
      check(options);
      Map<String, String> metadata = Weights.metadata(options.load);
      Network network = factory.apply(spec.seed());
      Weights.load(network, options.load);
      List<String> classes = classNames(Metadata.classNames(options.load, metadata));
      Standardization standardization = Metadata.standardization(options.load, metadata,
          spec.inputSize());
      List<Sample> samples = new ArrayList<>();
      for (Path input : options.inputs) {
        samples.addAll(read(input, options));
      }
      float[] features = new float[Math.multiplyExact(samples.size(), spec.inputSize())];
      for (int i = 0; i < samples.size(); i++) {
        System.arraycopy(samples.get(i).features(), 0, features, i * spec.inputSize(),
            spec.inputSize());
      }
      Dataset data = new Dataset(features, spec.inputSize(), new float[samples.size()], 1,
          List.of());
      if (standardization != null) {
        data = standardization.apply(data);
      }
      float[][] outputs = Answers.outputs(network, data);
      String unknown = Metadata.unknown(options.load);
      if (unknown != null) {
        err.println("warning: " + unknown + ": answering with the features as they are"
            + (spec.loss().isClassification() ? " and the classes by index" : "")
            + ", which is wrong for weights trained with --standardize; "
            + Metadata.remedy(options.load));
      }
      for (int i = 0; i < samples.size(); i++) {
        out.print(answer(samples.get(i).name(), outputs[i], classes));
      }
      return 0;
    } catch (IllegalArgumentException | DataException | WeightsException e) {
      err.println("error: " + e.getMessage());
      return TrainerCli.BAD_INPUT;
    }
  }

  /** Refuses a command line without weights or inputs. */
  private void check(PredictFlags options) {
    if (options.load == null) {
      throw new IllegalArgumentException(COMMAND + " needs --load FILE: the weights to predict "
          + "with, as --save wrote them");
    }
    if (options.inputs.isEmpty()) {
      throw new IllegalArgumentException(COMMAND + " needs at least one input: a CSV file"
          + (ImageInput.shape(spec) == null ? "" : " or an image"));
    }
  }

  /** The saved class names when they fit the model, else the class indices. */
  private List<String> classNames(List<String> saved) {
    if (!spec.loss().isClassification()) {
      return List.of();
    }
    int classes = DataFiles.classCount(spec);
    if (saved.size() == classes) {
      return saved;
    }
    return IntStream.range(0, classes).mapToObj(String::valueOf).toList();
  }

  private List<Sample> read(Path input, PredictFlags options) {
    if (Files.isDirectory(input)) {
      throw new DataException(input + ": is a directory; give a CSV file or an image");
    }
    if (!Files.isRegularFile(input)) {
      throw new DataException(input + ": no such file");
    }
    if (ImageInput.isImage(input)) {
      ImageInput.Shape shape = ImageInput.shape(spec);
      if (shape == null) {
        throw new DataException(input + ": is an image, but the model " + spec.name()
            + " takes input " + spec.inputShapeText() + ", not an image; give a CSV file");
      }
      return List.of(new Sample(input.toString(), ImageInput.read(input, shape,
          !options.noInvert)));
    }
    return DataFiles.features(input, spec, options.label.column).stream()
        .map(row -> new Sample(input + ":" + row.line(), row.features()))
        .toList();
  }

  /**
   * What is printed for one sample: {@code digit.png: the answer is 2}, then for a softmax
   * classifier its {@value #TOP} most probable classes; for a sigmoid unit the class and its
   * probability; for regression the value.
   */
  private String answer(String name, float[] output, List<String> classes) {
    StringBuilder s = new StringBuilder(name).append(": the answer is ");
    if (!spec.loss().isClassification()) {
      if (output.length == 1) {
        s.append(String.format(Locale.ROOT, "%.4f", output[0]));
      } else {
        List<String> values = new ArrayList<>();
        for (float v : output) {
          values.add(String.format(Locale.ROOT, "%.4f", v));
        }
        s.append(values);
      }
      return s.append(System.lineSeparator()).toString();
    }
    int answer = Answers.classOf(output);
    s.append(classes.get(answer));
    if (spec.loss() == Loss.BINARY_CROSSENTROPY && output.length == 1) {
      double p = answer == 1 ? output[0] : 1 - output[0];
      return s.append(String.format(Locale.ROOT, " (probability %.4f)%n", p)).toString();
    }
    s.append(System.lineSeparator());
    List<Integer> order = IntStream.range(0, output.length).boxed()
        .sorted(Comparator.comparingDouble((Integer c) -> -output[c]))
        .limit(TOP).toList();
    for (int c : order) {
      s.append(String.format(Locale.ROOT, "  %s: %.4f%n", classes.get(c), output[c]));
    }
    return s.toString();
  }
}
