package dev.dendrite.report;

import dev.dendrite.Dataset;
import dev.dendrite.ModelSpec;
import dev.dendrite.Network;
import dev.dendrite.io.AtomicFiles;
import dev.dendrite.io.DataFiles;
import dev.dendrite.io.ImageInput;
import dev.dendrite.io.Quote;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * The report directory of a trainer run ({@code --report DIR}): the per-epoch history as
 * {@value #HISTORY_CSV} and {@value #HISTORY_PNG}; for classifiers the confusion matrix and
 * per-class scores on the test data (or else the validation data), printed and written as
 * {@value #CONFUSION_CSV}, {@value #SCORES_CSV} and {@value #REPORT_TXT}; for image models the
 * misclassified samples as {@value #MISCLASSIFIED_PNG}. Every file is replaced atomically.
 */
public final class Reports {
  static final String HISTORY_CSV = "history.csv";
  static final String HISTORY_PNG = "history.png";
  static final String CONFUSION_CSV = "confusion_matrix.csv";
  static final String SCORES_CSV = "class_scores.csv";
  static final String REPORT_TXT = "classification_report.txt";
  static final String MISCLASSIFIED_PNG = "misclassified.png";
  /** The most misclassified samples {@value #MISCLASSIFIED_PNG} shows. */
  static final int MISCLASSIFIED_SHOWN = 64;

  private final Path dir;
  private final ModelSpec spec;
  private final PrintStream out;

  /**
   * The report of a run into {@code dir}, created when the first file is written. It only holds
   * what a run measured, so a checkpoint does not record it: a resumed run writes a report
   * where its own command line says.
   */
  public Reports(Path dir, ModelSpec spec, PrintStream out) {
    this.dir = dir;
    this.spec = spec;
    this.out = out;
  }

  /**
   * Writes {@value #HISTORY_CSV} (one row per epoch, as {@code --history-csv}) and
   * {@value #HISTORY_PNG}; nothing when no epoch was trained.
   *
   * @param restored the epoch (from 0) whose weights early stopping restored, marked on the plot
   * @throws UncheckedIOException when a file cannot be written
   */
  public void history(List<EpochLog> history, OptionalInt restored) {
    if (history.isEmpty()) {
      return;
    }
    createDirectory();
    Path csv = dir.resolve(HISTORY_CSV);
    try {
      HistoryCsv.write(csv, history);
    } catch (IOException e) {
      throw cannotWrite(csv, e);
    }
    Path png = dir.resolve(HISTORY_PNG);
    try {
      write(png, HistoryPlot.png(spec.name(), spec.loss().metric(), history, restored));
    } catch (IOException e) {
      throw cannotWrite(png, e);
    }
  }

  /**
   * For a classifier, prints the confusion matrix and the per-class scores on {@code data} and
   * writes them, with {@value #MISCLASSIFIED_PNG} for an image model; nothing for regression.
   *
   * @param data the samples, or null when the run has neither test nor validation data
   * @param name what the data are: {@code test} or {@code validation}
   * @throws UncheckedIOException when a file cannot be written
   */
  public void evaluation(Network network, Dataset data, String name) {
    if (!spec.loss().isClassification()) {
      return;
    }
    if (data == null) {
      out.println("No confusion matrix in the report: the run has no --test data (nor "
          + "--validation-split)");
      return;
    }
    float[][] outputs = Answers.outputs(network, data);
    int[] truth = new int[data.size()];
    int[] predicted = new int[data.size()];
    for (int i = 0; i < truth.length; i++) {
      truth[i] = Answers.trueClass(data, i);
      predicted[i] = Answers.classOf(outputs[i]);
    }
    ConfusionMatrix matrix = ConfusionMatrix.of(classNames(data), truth, predicted);
    String text = matrix.text(name);
    out.println();
    out.print(text);
    createDirectory();
    write(dir.resolve(CONFUSION_CSV), matrix.csv());
    write(dir.resolve(SCORES_CSV), matrix.scoresCsv());
    write(dir.resolve(REPORT_TXT), text);
    ImageInput.Shape image = ImageInput.shape(spec);
    if (image != null && image.size() == data.featureSize()) {
      Path png = dir.resolve(MISCLASSIFIED_PNG);
      try {
        write(png, misclassified(data, name, image, matrix.classNames(), truth, predicted));
      } catch (IOException e) {
        throw cannotWrite(png, e);
      }
    }
  }

  /** The data's class names, or the class indices when it has none. */
  private List<String> classNames(Dataset data) {
    int classes = DataFiles.classCount(spec);
    if (data.classNames().size() == classes) {
      return data.classNames();
    }
    List<String> names = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      names.add(String.valueOf(c));
    }
    return names;
  }

  private static byte[] misclassified(Dataset data, String name, ImageInput.Shape shape,
      List<String> classNames, int[] truth, int[] predicted) throws IOException {
    boolean rawRange = true;
    for (int i = 0; i < data.size() && rawRange; i++) {
      for (int j = 0; j < data.featureSize(); j++) {
        float v = data.feature(i, j);
        if (v < 0 || v > 1) {
          rawRange = false;
          break;
        }
      }
    }
    List<ImageGrid.Cell> cells = new ArrayList<>();
    int wrong = 0;
    for (int i = 0; i < truth.length; i++) {
      if (truth[i] == predicted[i]) {
        continue;
      }
      wrong++;
      if (cells.size() < MISCLASSIFIED_SHOWN) {
        float[] sample = new float[data.featureSize()];
        for (int j = 0; j < sample.length; j++) {
          sample[j] = data.feature(i, j);
        }
        cells.add(new ImageGrid.Cell(ImageInput.picture(sample, shape, rawRange),
            classNames.get(truth[i]) + " -> " + classNames.get(predicted[i])));
      }
    }
    String heading = wrong == 0
        ? String.format(Locale.ROOT, "All %,d %s samples are classified correctly", truth.length,
            name)
        : String.format(Locale.ROOT, "%,d of %,d %s samples misclassified (true -> predicted)%s",
            wrong, truth.length, name,
            wrong > cells.size() ? ", the first " + cells.size() + " shown" : "");
    return ImageGrid.png(heading, cells);
  }

  private void createDirectory() {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the report directory " + Quote.path(dir)
          + ": " + reason(e), e);
    }
  }

  private static void write(Path file, String text) {
    write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  private static void write(Path file, byte[] bytes) {
    try {
      AtomicFiles.write(file, bytes);
    } catch (IOException e) {
      throw cannotWrite(file, e);
    }
  }

  private static UncheckedIOException cannotWrite(Path file, IOException e) {
    return new UncheckedIOException("cannot write " + Quote.path(file) + ": " + reason(e), e);
  }

  /** Why a file could not be written, with the path it names escaped as {@link Quote#path}. */
  private static String reason(IOException e) {
    return Quote.text(AtomicFiles.reason(e), Integer.MAX_VALUE);
  }
}
