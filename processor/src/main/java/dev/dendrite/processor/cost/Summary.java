package dev.dendrite.processor.cost;

import dev.dendrite.processor.model.ModelIR;
import dev.dendrite.processor.model.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Keras' {@code model.summary()}, computed at compile time: one row per layer with its output
 * shape and parameters, as Keras prints them, plus its forward FLOPs per sample and its share of a
 * training step's memory; then the totals and how a training step's memory divides.
 */
public final class Summary {
  private static final String[] HEADER = {"Layer (type)", "Output Shape", "Param #", "FLOPs",
      "Memory"};
  /**
   * The header of a model with branches, as Keras' functional summary: each layer's inputs last.
   * A plain stack's summary has no such column.
   */
  private static final String[] CONNECTED_HEADER = {"Layer (type)", "Output Shape", "Param #",
      "FLOPs", "Memory", "Connected to"};
  private static final String GAP = "  ";
  /** The column of a layer's inputs, in a branching model's summary. */
  private static final int CONNECTED_TO = 5;
  /** The narrowest width the notes under the table are wrapped to. */
  private static final int MIN_WRAP = 72;

  private Summary() {}

  /** The summary of {@code cost}'s model, lines separated by {@code \n}. */
  public static String text(ModelCost cost) {
    ModelIR model = cost.model();
    boolean branches = !model.isStack();
    String[] header = branches ? CONNECTED_HEADER : HEADER;
    List<String[]> rows = new ArrayList<>();
    for (int i = 0; i < cost.layers().size(); i++) {
      LayerCost layer = cost.layers().get(i);
      String[] row = {
          layer.layer().name() + " (" + layer.layer().kerasType() + ")",
          kerasShape(layer.layer().output()),
          count(layer.allParameters()),
          count(layer.flops()),
          bytes(layer.bytes()),
          String.join(", ", model.inputsOf(i).stream()
              .map(j -> j < 0 ? "input" : model.layers().get(j).name()).toList())};
      rows.add(branches ? row : Arrays.copyOf(row, HEADER.length));
    }
    int[] widths = new int[header.length];
    for (int c = 0; c < header.length; c++) {
      widths[c] = header[c].length();
      for (String[] row : rows) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    int width = 1 + widths[0];
    for (int c = 1; c < widths.length; c++) {
      width += GAP.length() + widths[c];
    }
    String thin = "_".repeat(width);
    String thick = "=".repeat(width);
    long parameters = cost.parameters();
    List<String> lines = new ArrayList<>();
    lines.add("Model: \"" + cost.model().modelName() + "\"");
    lines.add(thin);
    lines.add(row(header, widths));
    lines.add(thick);
    rows.forEach(r -> lines.add(row(r, widths)));
    lines.add(thick);
    long fixed = cost.nonTrainableParameters();
    lines.add("Total params: " + count(parameters + fixed) + " ("
        + bytes(cost.parameterBytes() + cost.nonTrainableBytes()) + ")");
    lines.add("Trainable params: " + count(parameters) + " (" + bytes(cost.parameterBytes())
        + ")");
    lines.add("Non-trainable params: " + count(fixed) + " (" + bytes(cost.nonTrainableBytes())
        + ")");
    lines.add(thin);
    lines.add("Forward FLOPs per sample: " + count(cost.forwardFlops()));
    lines.add("Training step memory at batch size " + count(cost.model().batchSize())
        + " (float32): " + bytes(cost.trainingBytes()) + " (" + count(cost.trainingBytes())
        + " bytes)");
    String batch = "input and targets " + bytes(cost.inputBytes())
        + (cost.im2colBytes() > 0 ? ", im2col columns " + bytes(cost.im2colBytes()) : "");
    lines.add(memoryLine("parameters", cost.parameterBytes() + cost.nonTrainableBytes(),
        fixed > 0 ? "non-trainable " + bytes(cost.nonTrainableBytes()) + " included" : ""));
    lines.add(memoryLine("gradients", cost.gradientBytes(), ""));
    lines.add(memoryLine("optimizer state", cost.optimizerBytes(),
        ModelCost.OPTIMIZER_ARRAYS + " moment arrays per parameter"));
    lines.add(memoryLine("batch arrays", cost.batchBytes(), batch));
    if (cost.hasConvolutions()) {
      lines.add("With ND4J's oneDNN convolutions: " + bytes(cost.oneDnnTrainingBytes()) + " ("
          + count(cost.oneDnnTrainingBytes()) + " bytes)");
      lines.add("  (input-shaped workspaces in place of the im2col columns)");
    }
    int wrap = Math.max(width, MIN_WRAP);
    lines.addAll(wrap("FLOPs: 2 per multiply-add of Dense, Conv and Maxout kernels; 1 per bias "
        + "add, per activation value and per value a pooling window or maxout group reads; "
        + "Dropout and Flatten 0.", wrap, ""));
    lines.addAll(wrap("Memory per layer: its per-batch arrays (outputs, pre-activations, "
        + "gradients, masks, im2col columns) plus its parameters, their gradients and the "
        + "optimizer's moments.", wrap, ""));
    return lines.stream().map(String::stripTrailing).collect(Collectors.joining("\n"));
  }

  /** Parameters, gradients, optimizer state and batch arrays, in words. */
  public static String breakdown(ModelCost cost) {
    String batch = "batch arrays " + bytes(cost.batchBytes()) + " (input and targets "
        + bytes(cost.inputBytes());
    if (cost.im2colBytes() > 0) {
      batch += ", im2col columns " + bytes(cost.im2colBytes());
    }
    batch += ")";
    return "parameters " + bytes(cost.parameterBytes() + cost.nonTrainableBytes())
        + ", gradients "
        + bytes(cost.gradientBytes()) + ", optimizer state " + bytes(cost.optimizerBytes())
        + ", " + batch;
  }

  /** {@code   gradients        136.04 KB  (note)}. */
  private static String memoryLine(String what, long bytes, String note) {
    return "  " + pad(what, 16, false) + pad(bytes(bytes), 10, true)
        + (note.isEmpty() ? "" : "  (" + note + ")");
  }

  /** {@code text} in lines of at most {@code width} characters, each after {@code indent}. */
  private static List<String> wrap(String text, int width, String indent) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder(indent);
    for (String word : text.split(" ")) {
      if (line.length() > indent.length() && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line = new StringBuilder(indent);
      }
      if (line.length() > indent.length()) {
        line.append(' ');
      }
      line.append(word);
    }
    lines.add(line.toString());
    return lines;
  }

  /** Left-aligned name and shape, right-aligned numbers. */
  private static String row(String[] cells, int[] widths) {
    StringBuilder s = new StringBuilder(" ");
    s.append(pad(cells[0], widths[0], false)).append(GAP).append(pad(cells[1], widths[1], false));
    for (int c = 2; c < cells.length; c++) {
      // the numbers right-aligned; a branching model's "Connected to" left-aligned, last
      s.append(GAP).append(pad(cells[c], widths[c], c < CONNECTED_TO));
    }
    return s.toString();
  }

  private static String pad(String text, int width, boolean right) {
    String fill = " ".repeat(width - text.length());
    return right ? fill + text : text + fill;
  }

  /** {@code 26x26x32} as Keras prints it: {@code (None, 26, 26, 32)}. */
  static String kerasShape(Shape shape) {
    return shape.dims().stream().map(String::valueOf)
        .collect(Collectors.joining(", ", "(None, ", ")"));
  }

  /** {@code 34,826}. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** Bytes as Keras' summary prints them: {@code 136.04 KB}, powers of 1024. */
  public static String bytes(long bytes) {
    String[] units = {"B", "KB", "MB", "GB", "TB", "PB"};
    double size = bytes;
    for (String unit : units) {
      if (size / 1024 < 1) {
        return String.format(Locale.ROOT, "%.2f %s", size, unit);
      }
      size /= 1024;
    }
    return String.format(Locale.ROOT, "%.2f %s", size, "EB");
  }
}
