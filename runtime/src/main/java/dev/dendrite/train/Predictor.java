package dev.dendrite.train;

import dev.dendrite.DataException;
import dev.dendrite.Dataset;
import dev.dendrite.Loss;
import dev.dendrite.ModelSpec;
import dev.dendrite.Network;
import dev.dendrite.WeightsException;
import dev.dendrite.io.AtomicFiles;
import dev.dendrite.io.Csv;
import dev.dendrite.io.DataFiles;
import dev.dendrite.io.ImageInput;
import dev.dendrite.io.Metadata;
import dev.dendrite.io.Safetensors;
import dev.dendrite.io.Standardization;
import dev.dendrite.io.Weights;
import dev.dendrite.report.Answers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
  static final String COMMAND = "predict";
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

  private record Options(boolean help, Path load, String label, boolean invert,
      List<Path> inputs) {}

  /**
   * Runs a command line that {@link #isCommand} accepts and returns the exit status: 0, or
   * {@link TrainerCli#BAD_INPUT} after one error line.
   */
  int run(String[] args) {
    if (!isCommand(args)) {
      throw new IllegalArgumentException("not a " + COMMAND + " command line");
    }
    try {
      Options options = parse(args);
      if (options.help()) {
        out.print(usage());
        return 0;
      }
      Map<String, String> metadata = Safetensors.metadata(options.load());
      Network network = factory.apply(spec.seed());
      Weights.load(network, options.load());
      List<String> classes = classNames(Metadata.classNames(options.load(), metadata));
      Standardization standardization = Metadata.standardization(options.load(), metadata,
          spec.inputSize());
      List<Sample> samples = new ArrayList<>();
      for (Path input : options.inputs()) {
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
      for (int i = 0; i < samples.size(); i++) {
        out.print(answer(samples.get(i).name(), outputs[i], classes));
      }
      return 0;
    } catch (IllegalArgumentException | DataException | WeightsException e) {
      err.println("error: " + e.getMessage());
      return TrainerCli.BAD_INPUT;
    }
  }

  private Options parse(String[] args) {
    Path load = null;
    String label = null;
    boolean invert = true;
    List<Path> inputs = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        value = arg.substring(eq + 1);
        arg = arg.substring(0, eq);
      }
      switch (arg) {
        case "--help", "-h" -> {
          return new Options(true, null, null, true, List.of());
        }
        case "--no-invert" -> invert = false;
        case "--load", "--label" -> {
          if (value == null) {
            if (i + 1 >= args.length) {
              throw new IllegalArgumentException(COMMAND + " " + arg + " needs a value");
            }
            value = args[++i];
          }
          if (arg.equals("--load")) {
            load = Path.of(value);
          } else {
            label = value;
          }
        }
        default -> {
          if (arg.startsWith("-") && arg.length() > 1) {
            throw new IllegalArgumentException("unknown option of " + COMMAND + ": " + args[i]
                + " (it takes --load FILE, --label COLUMN, --no-invert and input files)");
          }
          inputs.add(Path.of(args[i]));
        }
      }
    }
    if (load == null) {
      throw new IllegalArgumentException(COMMAND + " needs --load FILE: the weights to predict "
          + "with, as --save wrote them");
    }
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException(COMMAND + " needs at least one input: a CSV file"
          + (ImageInput.shape(spec) == null ? "" : " or an image"));
    }
    return new Options(false, load, label, invert, inputs);
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

  private List<Sample> read(Path input, Options options) {
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
          options.invert())));
    }
    try {
      return readCsv(input, options.label());
    } catch (IOException e) {
      throw new DataException(input + ": cannot read: " + AtomicFiles.reason(e), e);
    }
  }

  private List<Sample> readCsv(Path file, String labelColumn) throws IOException {
    List<Sample> samples = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line = reader.readLine();
      int lineNumber = 1;
      while (line != null && line.isBlank()) {
        line = reader.readLine();
        lineNumber++;
      }
      if (line == null) {
        throw new DataException(file + ": the file is empty; expected a header row and data");
      }
      String[] header = Csv.split(line.startsWith("\uFEFF") ? line.substring(1) : line, file,
          lineNumber);
      int label = labelIndex(file, header, labelColumn);
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        String[] cells = Csv.split(line, file, lineNumber);
        if (cells.length != header.length) {
          throw new DataException(file + ":" + lineNumber + ": expected " + header.length
              + " columns like the header, found " + cells.length);
        }
        float[] features = new float[spec.inputSize()];
        int j = 0;
        for (int c = 0; c < cells.length; c++) {
          if (c != label) {
            features[j++] = number(cells[c], file, lineNumber, header[c]);
          }
        }
        samples.add(new Sample(file + ":" + lineNumber, features));
      }
    }
    if (samples.isEmpty()) {
      throw new DataException(file + ": has a header but no data rows");
    }
    return samples;
  }

  /**
   * The ignored label column: none when the header has exactly the model's feature count, the
   * one {@code --label} names or else the last when it has one column more.
   */
  private int labelIndex(Path file, String[] header, String labelColumn) {
    int features = spec.inputSize();
    if (header.length == features + 1) {
      if (labelColumn == null) {
        return header.length - 1;
      }
      for (int c = 0; c < header.length; c++) {
        if (header[c].trim().equals(labelColumn)) {
          return c;
        }
      }
      throw new DataException(file + ":1: no label column '" + labelColumn + "'; the columns "
          + "are " + String.join(", ", header));
    }
    if (header.length == features) {
      return -1;
    }
    throw new DataException(file + ": has " + header.length + " columns but the model "
        + spec.name() + " takes input " + spec.inputShapeText() + " (" + features + " values): "
        + "give " + features + " feature columns, optionally with the label column");
  }

  private static float number(String cell, Path file, int line, String column) {
    String text = cell.trim();
    try {
      float value = Float.parseFloat(text);
      if (Float.isFinite(value)) {
        return value;
      }
    } catch (NumberFormatException e) {
      throw new DataException(file + ":" + line + ": column '" + column.trim()
          + "' is not a number: '" + text + "'");
    }
    throw new DataException(file + ":" + line + ": column '" + column.trim()
        + "' holds a non-finite value: '" + text + "'");
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

  private String usage() {
    ImageInput.Shape image = ImageInput.shape(spec);
    String images = image == null ? ""
        : String.format(Locale.ROOT, "%nAn INPUT may also be an image (PNG, JPEG, GIF, BMP): it is "
            + "resized to %s%n(area averaging), scaled to [0, 1]%s.%n", image,
            image.channels() == 1 ? " and inverted when it is dark on light (its\nborder is "
                + "bright on average), as MNIST digits are light on dark" : "");
    return String.format(Locale.ROOT, """
        Usage: %1$sTrainer predict --load FILE [options] INPUT...

        Prints the answer of %1$s for every sample of every INPUT, with the weights that
        --save wrote to FILE (and the class names and standardization statistics saved
        with them).

        INPUT is a CSV file with a header row and one sample per row: the model's %2$d
        feature columns, optionally with the label column, which is ignored.
        %3$s
        Options:
          --load FILE               the weights (required)
          --label COLUMN            the CSV label column, when not the last one
        %4$s  --help                    show this help
        """, spec.name(), spec.inputSize(), images,
        image == null || image.channels() != 1 ? ""
            : "  --no-invert               never invert dark-on-light images\n");
  }
}
