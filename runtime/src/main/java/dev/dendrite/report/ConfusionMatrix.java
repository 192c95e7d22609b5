package dev.dendrite.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Counts of (true class, predicted class) over a data set, with scikit-learn's per-class
 * precision, recall and F1 (a score whose denominator is 0, like the precision of a class never
 * predicted, is 0, as scikit-learn's default {@code zero_division} gives).
 */
final class ConfusionMatrix {
  private final List<String> classNames;
  private final long[][] counts;

  private ConfusionMatrix(List<String> classNames, long[][] counts) {
    this.classNames = List.copyOf(classNames);
    this.counts = counts;
  }

  /**
   * The matrix of true against predicted class indices.
   *
   * @throws IllegalArgumentException when the arrays differ in length or hold an index outside
   *     the classes
   */
  static ConfusionMatrix of(List<String> classNames, int[] truth, int[] predicted) {
    if (truth.length != predicted.length) {
      throw new IllegalArgumentException(truth.length + " true classes but " + predicted.length
          + " predictions");
    }
    int k = classNames.size();
    long[][] counts = new long[k][k];
    for (int i = 0; i < truth.length; i++) {
      if (truth[i] < 0 || truth[i] >= k || predicted[i] < 0 || predicted[i] >= k) {
        throw new IllegalArgumentException("sample " + i + ": class " + truth[i] + " predicted as "
            + predicted[i] + ", outside 0.." + (k - 1));
      }
      counts[truth[i]][predicted[i]]++;
    }
    return new ConfusionMatrix(classNames, counts);
  }

  List<String> classNames() {
    return classNames;
  }

  /** Samples of class {@code truth} predicted as {@code predicted}. */
  long count(int truth, int predicted) {
    return counts[truth][predicted];
  }

  long total() {
    long n = 0;
    for (long[] row : counts) {
      for (long c : row) {
        n += c;
      }
    }
    return n;
  }

  long correct() {
    long n = 0;
    for (int c = 0; c < counts.length; c++) {
      n += counts[c][c];
    }
    return n;
  }

  double accuracy() {
    return ratio(correct(), total());
  }

  /** Samples whose true class is {@code c}. */
  long support(int c) {
    long n = 0;
    for (long v : counts[c]) {
      n += v;
    }
    return n;
  }

  private long predictedAs(int c) {
    long n = 0;
    for (long[] row : counts) {
      n += row[c];
    }
    return n;
  }

  double precision(int c) {
    return ratio(counts[c][c], predictedAs(c));
  }

  double recall(int c) {
    return ratio(counts[c][c], support(c));
  }

  double f1(int c) {
    double p = precision(c);
    double r = recall(c);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  private static double ratio(long a, long b) {
    return b == 0 ? 0 : (double) a / b;
  }

  /**
   * The matrix and the per-class scores as text, as the trainer prints them:
   *
   * <pre>
   * Confusion matrix on 30 test samples (rows: true class, columns: predicted):
   *                   setosa  versicolor   virginica
   * setosa                10           0           0
   * ...
   *
   *               precision  recall  f1-score  support
   * setosa           1.0000  1.0000    1.0000       10
   * ...
   * accuracy                           0.9333       30
   * macro avg        0.9333  0.9333    0.9333       30
   * weighted avg     0.9333  0.9333    0.9333       30
   * </pre>
   *
   * @param data what the samples are, for the heading: {@code test}
   */
  String text(String data) {
    int k = classNames.size();
    int nameWidth = "weighted avg".length();
    for (String name : classNames) {
      nameWidth = Math.max(nameWidth, name.length());
    }
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "Confusion matrix on %,d %s samples (rows: true class, "
        + "columns: predicted):%n", total(), data));
    // one width for every column, so that the matrix reads as a grid
    int width = 0;
    for (int p = 0; p < k; p++) {
      width = Math.max(width, classNames.get(p).length());
      for (int t = 0; t < k; t++) {
        width = Math.max(width, Long.toString(counts[t][p]).length());
      }
    }
    s.append(pad("", nameWidth));
    for (int p = 0; p < k; p++) {
      s.append("  ").append(padLeft(classNames.get(p), width));
    }
    s.append(System.lineSeparator());
    for (int t = 0; t < k; t++) {
      s.append(pad(classNames.get(t), nameWidth));
      for (int p = 0; p < k; p++) {
        s.append("  ").append(padLeft(Long.toString(counts[t][p]), width));
      }
      s.append(System.lineSeparator());
    }
    s.append(System.lineSeparator());
    String row = "%-" + nameWidth + "s  %9s  %6s  %8s  %7s%n";
    s.append(String.format(Locale.ROOT, row, "", "precision", "recall", "f1-score", "support"));
    double[] macro = new double[3];
    double[] weighted = new double[3];
    long total = total();
    for (int c = 0; c < k; c++) {
      double[] scores = {precision(c), recall(c), f1(c)};
      for (int i = 0; i < 3; i++) {
        macro[i] += scores[i] / k;
        weighted[i] += scores[i] * ratio(support(c), total);
      }
      s.append(String.format(Locale.ROOT, row, classNames.get(c), score(scores[0]),
          score(scores[1]), score(scores[2]), support(c)));
    }
    s.append(String.format(Locale.ROOT, row, "accuracy", "", "", score(accuracy()), total));
    s.append(String.format(Locale.ROOT, row, "macro avg", score(macro[0]), score(macro[1]),
        score(macro[2]), total));
    s.append(String.format(Locale.ROOT, row, "weighted avg", score(weighted[0]),
        score(weighted[1]), score(weighted[2]), total));
    return s.toString();
  }

  /** The matrix as CSV: a header of the predicted classes, then one row per true class. */
  String csv() {
    List<String> header = new ArrayList<>();
    header.add("true\\predicted");
    header.addAll(classNames);
    StringBuilder s = new StringBuilder(csvRow(header));
    for (int t = 0; t < classNames.size(); t++) {
      List<String> row = new ArrayList<>();
      row.add(classNames.get(t));
      for (long c : counts[t]) {
        row.add(Long.toString(c));
      }
      s.append(csvRow(row));
    }
    return s.toString();
  }

  /** Per-class precision, recall, F1 and support as CSV. */
  String scoresCsv() {
    StringBuilder s = new StringBuilder(csvRow(List.of("class", "precision", "recall", "f1",
        "support")));
    for (int c = 0; c < classNames.size(); c++) {
      s.append(csvRow(List.of(classNames.get(c), Double.toString(precision(c)),
          Double.toString(recall(c)), Double.toString(f1(c)), Long.toString(support(c)))));
    }
    return s.toString();
  }

  private static String csvRow(List<String> cells) {
    List<String> quoted = new ArrayList<>();
    for (String cell : cells) {
      quoted.add(cell.contains(",") || cell.contains("\"") || cell.contains("\n")
          ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell);
    }
    return String.join(",", quoted) + "\n";
  }

  private static String score(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }

  private static String padLeft(String s, int width) {
    return " ".repeat(Math.max(0, width - s.length())) + s;
  }
}
