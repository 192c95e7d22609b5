package dev.dendrite.processor.check;

import dev.dendrite.Activation;
import dev.dendrite.Add;
import dev.dendrite.AveragePooling1D;
import dev.dendrite.AveragePooling2D;
import dev.dendrite.BatchNormalization;
import dev.dendrite.Concatenate;
import dev.dendrite.Conv1D;
import dev.dendrite.Conv2D;
import dev.dendrite.Dense;
import dev.dendrite.Dropout;
import dev.dendrite.Embedding;
import dev.dendrite.Flatten;
import dev.dendrite.GRU;
import dev.dendrite.GlobalAveragePooling1D;
import dev.dendrite.GlobalAveragePooling2D;
import dev.dendrite.GlobalMaxPooling1D;
import dev.dendrite.GlobalMaxPooling2D;
import dev.dendrite.ZeroPadding2D;
import dev.dendrite.LSTM;
import dev.dendrite.LayerNormalization;
import dev.dendrite.MaxPooling1D;
import dev.dendrite.MaxPooling2D;
import dev.dendrite.Maxout;
import dev.dendrite.Padding;
import dev.dendrite.SimpleRNN;
import dev.dendrite.processor.diagnostic.Message;
import dev.dendrite.processor.diagnostic.Message.Phrase;
import dev.dendrite.processor.diagnostic.Report;
import dev.dendrite.processor.model.BatchNormLayer;
import dev.dendrite.processor.model.ConvLayer;
import dev.dendrite.processor.model.DenseLayer;
import dev.dendrite.processor.model.DropoutLayer;
import dev.dendrite.processor.model.ElementwiseLayer;
import dev.dendrite.processor.model.EmbeddingLayer;
import dev.dendrite.processor.model.FlattenLayer;
import dev.dendrite.processor.model.GlobalPoolLayer;
import dev.dendrite.processor.model.ZeroPadLayer;
import dev.dendrite.processor.model.LayerIR;
import dev.dendrite.processor.model.LayerNormLayer;
import dev.dendrite.processor.model.MaxoutLayer;
import dev.dendrite.processor.model.MergeLayer;
import dev.dendrite.processor.model.Origin;
import dev.dendrite.processor.model.PoolLayer;
import dev.dendrite.processor.model.RecurrentLayer;
import dev.dendrite.processor.model.ReshapeLayer;
import dev.dendrite.processor.model.Shape;
import dev.dendrite.processor.parse.Declaration;
import dev.dendrite.runtime.Recurrent;
import dev.dendrite.runtime.ShapeMath;
import java.lang.annotation.Annotation;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;

/**
 * Checks one layer's values against its input shape and infers its output shape, with Keras'
 * arithmetic from {@link ShapeMath}: first the values that need no shape (every wrong one
 * reported), then the shapes. Returns null after reporting what is wrong.
 */
final class LayerInference {
  private final Declaration.LayerField field;
  private final Shape input;
  private final List<LayerIR> before;
  private final List<Source> sources;
  private final Shape in;
  private final String trace;
  private final Report report;

  private LayerInference(Declaration.LayerField field, Shape input, List<LayerIR> before,
      List<Source> sources, Report report) {
    this.field = field;
    this.input = input;
    this.before = before;
    this.sources = sources;
    this.in = before.isEmpty() ? input : before.get(before.size() - 1).output();
    this.trace = ModelChecker.trace(input, before);
    this.report = report;
  }

  /** The layer of {@code field} after the model's {@code input} and the layers {@code before}. */
  static LayerIR infer(Declaration.LayerField field, Shape input, List<LayerIR> before,
      Report report) {
    return checkValues(field, report)
        ? inferShape(field, input, before,
            before.isEmpty() ? List.of(new Source("input", input))
                : List.of(Source.of(before.get(before.size() - 1))), report)
        : null;
  }

  /**
   * What a layer reads: an earlier layer's output, or the model's input named {@code input}
   * ({@code @From("input")}).
   */
  record Source(String name, Shape output) {
    static Source of(LayerIR layer) {
      return new Source(layer.name(), layer.output());
    }
  }

  /** The layers a join names ({@code @Add}, {@code @Concatenate}); null for other layers. */
  static List<String> joined(Declaration.LayerField field) {
    if (field.annotation() instanceof Add add) {
      return List.of(add.value());
    }
    if (field.annotation() instanceof Concatenate concatenate) {
      return List.of(concatenate.value());
    }
    return null;
  }

  /**
   * Checks the values of {@code field} that need no input shape, reporting every one that is
   * wrong; whether all are right.
   */
  static boolean checkValues(Declaration.LayerField field, Report report) {
    return new LayerInference(field, null, List.of(), List.of(), report).values();
  }

  /**
   * The layer of {@code field}, whose own values are right, on its input; null if reported.
   *
   * @param before the layers its (first) input passed through, first to last
   * @param sources the layers it reads, in order, a join's several; {@code input} for the
   *     model's input
   */
  static LayerIR inferShape(Declaration.LayerField field, Shape input, List<LayerIR> before,
      List<Source> sources, Report report) {
    return new LayerInference(field, input, before, sources, report).shape();
  }

  /** Every value of the layer on its own, each wrong one reported. */
  private boolean values() {
    var a = field.annotation();
    if (a instanceof Dense dense) {
      if (dense.units() < 1) {
        report.add(Message.UNITS, field.origin().member("units"), dense.units());
        return false;
      }
      return true;
    }
    if (a instanceof Maxout maxout) {
      boolean units = positive("Maxout", "units", maxout.units());
      boolean pieces = positive("Maxout", "pieces", maxout.pieces());
      if (units && pieces && (long) maxout.units() * maxout.pieces() > Integer.MAX_VALUE) {
        report.add(Message.WINDOW_VALUE, field.origin().member("pieces"), "Maxout", "pieces",
            Phrase.MAXOUT_WIDTH.format(Integer.MAX_VALUE, maxout.units()), "pieces",
            maxout.pieces());
        return false;
      }
      return units && pieces;
    }
    if (a instanceof Dropout dropout) {
      double rate = dropout.value();
      if (!(rate >= 0 && rate < 1)) {
        report.add(Message.RATE, field.origin().member("value"), rate);
        return false;
      }
      return true;
    }
    if (a instanceof Conv2D conv) {
      return all(positive("Conv2D", "filters", conv.filters()),
          validPair("Conv2D", "kernelSize", conv.kernelSize()),
          validPair("Conv2D", "strides", conv.strides()),
          validPair("Conv2D", "dilationRate", conv.dilationRate()))
          && dilationWithoutStrides("Conv2D", conv.strides(), conv.dilationRate());
    }
    if (a instanceof Conv1D conv) {
      return all(positive("Conv1D", "filters", conv.filters()),
          positive("Conv1D", "kernelSize", conv.kernelSize()),
          positive("Conv1D", "strides", conv.strides()),
          positive("Conv1D", "dilationRate", conv.dilationRate()))
          && dilationWithoutStrides("Conv1D", new int[] {conv.strides()},
              new int[] {conv.dilationRate()});
    }
    if (a instanceof MaxPooling2D pool) {
      return pool2dValues("MaxPooling2D", pool.poolSize(), pool.strides());
    }
    if (a instanceof AveragePooling2D pool) {
      return pool2dValues("AveragePooling2D", pool.poolSize(), pool.strides());
    }
    if (a instanceof MaxPooling1D pool) {
      return pool1dValues("MaxPooling1D", pool.poolSize(), pool.strides());
    }
    if (a instanceof AveragePooling1D pool) {
      return pool1dValues("AveragePooling1D", pool.poolSize(), pool.strides());
    }
    if (a instanceof Flatten || a instanceof GlobalAveragePooling2D
        || a instanceof GlobalAveragePooling1D) {
      return true;
    }
    if (a instanceof GlobalMaxPooling2D || a instanceof GlobalMaxPooling1D) {
      return true;
    }
    if (a instanceof ZeroPadding2D pad) {
      return padding(pad.padding());
    }
    if (a instanceof BatchNormalization norm) {
      return all(momentum(norm.momentum()), epsilon("BatchNormalization", norm.epsilon()));
    }
    if (a instanceof LayerNormalization norm) {
      return epsilon("LayerNormalization", norm.epsilon());
    }
    if (Recurrence.of(a) != null) {
      Recurrence r = Recurrence.of(a);
      return all(positive(r.kind(), "units", r.units()),
          recurrentActivation(r.kind(), "activation", r.activation()),
          recurrentActivation(r.kind(), "recurrentActivation", r.recurrentActivation()));
    }
    if (a instanceof Add || a instanceof Concatenate) {
      return true;
    }
    if (a instanceof dev.dendrite.ActivationLayer || a instanceof dev.dendrite.Reshape) {
      return !(a instanceof dev.dendrite.Reshape r) || reshapeValues(r.value());
    }
    if (a instanceof Embedding embedding) {
      boolean dims = all(positive("Embedding", "inputDim", embedding.inputDim()),
          positive("Embedding", "outputDim", embedding.outputDim()));
      return dims && embeddingFits("inputDim", embedding.inputDim(), embedding.outputDim());
    }
    throw new IllegalStateException("unknown layer annotation " + a);
  }

  /** Whether a target shape is one or more positive dimensions of at most an array's size. */
  private boolean reshapeValues(int[] dims) {
    BigInteger size = Arrays.stream(dims).mapToObj(BigInteger::valueOf)
        .reduce(BigInteger.ONE, BigInteger::multiply);
    if (dims.length == 0 || Arrays.stream(dims).anyMatch(d -> d < 1)
        || size.compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
      report.add(Message.WINDOW_VALUE, field.origin().member("value"), "Reshape", "value",
          Phrase.TARGET_SHAPE.format(Integer.MAX_VALUE), "value", Arrays.toString(dims));
      return false;
    }
    return true;
  }

  /** Its input as {@code dims}, which must hold the same number of values (reported when not). */
  private LayerIR reshape(int[] dims) {
    Shape out = Shape.of(dims);
    if (out.size() != in.size()) {
      report.add(Message.RESHAPE_SIZE, field.origin().member("value"), field.name(), in,
          trace, in.size(), out, out.size(), in.size());
      return null;
    }
    return new ReshapeLayer(field.name(), in, out, field.annotation(), field.origin());
  }

  /** Whether every check passed; each has already run and reported. */
  private static boolean all(boolean... checks) {
    for (boolean check : checks) {
      if (!check) {
        return false;
      }
    }
    return true;
  }

  private boolean momentum(double momentum) {
    if (!(momentum >= 0 && momentum < 1)) {
      report.add(Message.MOMENTUM, field.origin().member("momentum"), momentum);
      return false;
    }
    return true;
  }

  private boolean epsilon(String kind, double epsilon) {
    if (!(epsilon > 0 && epsilon < Double.POSITIVE_INFINITY)) {
      report.add(Message.EPSILON, field.origin().member("epsilon"), kind, epsilon);
      return false;
    }
    return true;
  }

  /** Strides left empty are the pool's, so only strides written out are checked. */
  private boolean pool2dValues(String kind, int[] poolSize, int[] stridesOrEmpty) {
    return all(validPair(kind, "poolSize", poolSize),
        stridesOrEmpty.length == 0 || validPair(kind, "strides", stridesOrEmpty));
  }

  /** Strides of 0 are the pool's, so only strides written out are checked. */
  private boolean pool1dValues(String kind, int poolSize, int stridesOrZero) {
    return all(positive(kind, "poolSize", poolSize),
        stridesOrZero == 0 || positive(kind, "strides", stridesOrZero));
  }

  /** The layer on its input, its own values already checked. */
  private LayerIR shape() {
    Origin origin = field.origin();
    String name = field.name();
    var a = field.annotation();
    if (a instanceof Dense dense) {
      if (!in.isFlat()) {
        report.add(Message.NEEDS_FLAT, origin, "Dense", name, in, trace, name);
        return null;
      }
      return new DenseLayer(name, in, dense.units(), dense.activation(), dense.useBias(), a,
          origin);
    }
    if (a instanceof Maxout maxout) {
      if (!in.isFlat()) {
        report.add(Message.NEEDS_FLAT, origin, "Maxout", name, in, trace, name);
        return null;
      }
      return new MaxoutLayer(name, in, maxout.units(), maxout.pieces(), maxout.useBias(), a,
          origin);
    }
    if (a instanceof Dropout dropout) {
      return new DropoutLayer(name, in, dropout.value(), a, origin);
    }
    if (a instanceof Flatten) {
      return new FlattenLayer(name, in, a, origin);
    }
    if (a instanceof Conv2D conv) {
      int[] kernel = pair(conv.kernelSize());
      int[] strides = pair(conv.strides());
      int[] dilation = pair(conv.dilationRate());
      if (!rank("Conv2D", 2)) {
        return null;
      }
      int[] out = window("Conv2D", "kernelSize", "kernel", kernel, strides, dilation,
          conv.padding());
      return out == null || !fits("Conv2D", out[0], out[1], conv.filters()) ? null
          : new ConvLayer(name, in, 2, conv.filters(), kernel[0], kernel[1], strides[0],
              strides[1], dilation[0], dilation[1], conv.padding(), conv.activation(),
              conv.useBias(), Shape.of(out[0], out[1], conv.filters()), a, origin);
    }
    if (a instanceof Conv1D conv) {
      if (!rank("Conv1D", 1)) {
        return null;
      }
      int[] out = window("Conv1D", "kernelSize", "kernel", new int[] {1, conv.kernelSize()},
          new int[] {1, conv.strides()}, new int[] {1, conv.dilationRate()}, conv.padding());
      return out == null || !fits("Conv1D", out[1], conv.filters()) ? null
          : new ConvLayer(name, in, 1, conv.filters(), 1, conv.kernelSize(), 1, conv.strides(),
              1, conv.dilationRate(),
              conv.padding(), conv.activation(), conv.useBias(), Shape.of(out[1], conv.filters()),
              a, origin);
    }
    if (a instanceof MaxPooling2D pool) {
      return pool2d("MaxPooling2D", true, pool.poolSize(), pool.strides(), pool.padding());
    }
    if (a instanceof AveragePooling2D pool) {
      return pool2d("AveragePooling2D", false, pool.poolSize(), pool.strides(), pool.padding());
    }
    if (a instanceof MaxPooling1D pool) {
      return pool1d("MaxPooling1D", true, pool.poolSize(), pool.strides(), pool.padding());
    }
    if (a instanceof AveragePooling1D pool) {
      return pool1d("AveragePooling1D", false, pool.poolSize(), pool.strides(), pool.padding());
    }
    if (a instanceof GlobalAveragePooling2D) {
      return rank("GlobalAveragePooling2D", 2)
          ? new GlobalPoolLayer(name, in, 2, false, a, field.origin()) : null;
    }
    if (a instanceof GlobalAveragePooling1D) {
      return rank("GlobalAveragePooling1D", 1)
          ? new GlobalPoolLayer(name, in, 1, false, a, field.origin()) : null;
    }
    if (a instanceof GlobalMaxPooling2D || a instanceof GlobalMaxPooling1D) {
      int d = a instanceof GlobalMaxPooling2D ? 2 : 1;
      return rank("GlobalMaxPooling" + d + "D", d)
          ? new GlobalPoolLayer(name, in, d, true, a, field.origin()) : null;
    }
    if (a instanceof ZeroPadding2D pad) {
      int[] p = pair(pad.padding());
      return rank("ZeroPadding2D", 2) ? new ZeroPadLayer(name, in, p[0], p[1], a, origin) : null;
    }
    if (a instanceof BatchNormalization norm) {
      return new BatchNormLayer(name, in, norm.momentum(), norm.epsilon(), norm.center(),
          norm.scale(), a, origin);
    }
    if (a instanceof LayerNormalization norm) {
      return new LayerNormLayer(name, in, norm.epsilon(), norm.center(), norm.scale(), a,
          origin);
    }
    if (Recurrence.of(a) != null) {
      return recurrent(Recurrence.of(a));
    }
    if (a instanceof Add || a instanceof Concatenate) {
      return merge(a instanceof Concatenate);
    }
    if (a instanceof dev.dendrite.ActivationLayer || a instanceof dev.dendrite.Reshape) {
      return a instanceof dev.dendrite.Reshape r ? reshape(r.value())
          : new ElementwiseLayer(name, in, ((dev.dendrite.ActivationLayer) a).value(), a, origin);
    }
    if (a instanceof Embedding embedding) {
      return embedding(embedding);
    }
    throw new IllegalStateException("unknown layer annotation " + a);
  }

  /** A join of its sources: all of one shape to add, equal but the last axis to concatenate. */
  private LayerIR merge(boolean concatenate) {
    Source first = sources.get(0);
    Shape shape = first.output();
    int last = 0;
    for (Source source : sources) {
      Shape other = source.output();
      if (!concatenate && !other.equals(shape)) {
        report.add(Message.ADD_SHAPES, field.origin().member("value"), field.name(),
            first.name(), shape, source.name(), other);
        return null;
      }
      int rank = shape.dims().size();
      if (concatenate && (other.dims().size() != rank
          || !other.dims().subList(0, rank - 1).equals(shape.dims().subList(0, rank - 1)))) {
        report.add(Message.CONCATENATE_SHAPES, field.origin().member("value"), field.name(),
            first.name(), shape, source.name(), other,
            other.dims().size() != rank ? "rank" : "dimensions but the last");
        return null;
      }
      last += other.dims().get(rank - 1);
    }
    List<Integer> dims = new java.util.ArrayList<>(shape.dims());
    if (concatenate) {
      dims.set(dims.size() - 1, last);
    }
    return new MergeLayer(field.name(), sources.stream().map(Source::name).toList(),
        sources.stream().map(Source::output).toList(), concatenate, new Shape(dims),
        field.annotation(), field.origin());
  }

  private LayerIR pool2d(String kind, boolean max, int[] poolSize, int[] stridesOrEmpty,
      Padding padding) {
    int[] pool = pair(poolSize);
    int[] strides = stridesOrEmpty.length == 0 ? pool : pair(stridesOrEmpty);
    if (!rank(kind, 2)) {
      return null;
    }
    int[] out = window(kind, "poolSize", "pool", pool, strides, padding);
    return out == null ? null : new PoolLayer(field.name(), in, 2, max, pool[0], pool[1],
        strides[0], strides[1], padding, Shape.of(out[0], out[1], channels()), field.annotation(),
        field.origin());
  }

  private LayerIR pool1d(String kind, boolean max, int poolSize, int stridesOrZero,
      Padding padding) {
    int stride = stridesOrZero == 0 ? poolSize : stridesOrZero;
    if (!rank(kind, 1)) {
      return null;
    }
    int[] out = window(kind, "poolSize", "pool", new int[] {1, poolSize}, new int[] {1, stride},
        padding);
    return out == null ? null : new PoolLayer(field.name(), in, 1, max, 1, poolSize, 1, stride,
        padding, Shape.of(out[1], channels()), field.annotation(), field.origin());
  }

  private int channels() {
    return in.dims().get(in.dims().size() - 1);
  }

  /** Whether {@code values} are one or two positive integers (reported when not). */
  private boolean validPair(String kind, String member, int[] values) {
    if (values.length < 1 || values.length > 2 || Arrays.stream(values).anyMatch(v -> v < 1)) {
      report.add(Message.WINDOW_VALUE, field.origin().member(member), kind, member,
          Phrase.POSITIVE_INTEGERS.format(), member, Arrays.toString(values));
      return false;
    }
    return true;
  }

  /** Whether strides and dilation are not both above 1, which Keras refuses (reported). */
  private boolean dilationWithoutStrides(String kind, int[] strides, int[] dilation) {
    boolean strided = Arrays.stream(strides).anyMatch(s -> s > 1);
    if (strided && Arrays.stream(dilation).anyMatch(d -> d > 1)) {
      report.add(Message.DILATION_WITH_STRIDES, field.origin().member("dilationRate"), kind,
          field.name(), list(strides), list(dilation), field.name());
      return false;
    }
    return true;
  }

  /** One value as itself, two as {@code {a, b}}: as the annotation writes them. */
  private static String list(int[] values) {
    return values.length == 1 ? String.valueOf(values[0])
        : "{" + values[0] + ", " + values[1] + "}";
  }

  /** A padding of one or two values, each zero or more. */
  private boolean padding(int[] values) {
    if (values.length < 1 || values.length > 2 || Arrays.stream(values).anyMatch(v -> v < 0)) {
      report.add(Message.WINDOW_VALUE, field.origin().member("padding"), "ZeroPadding2D",
          "padding", Phrase.ZERO_OR_MORE.format(), "padding", Arrays.toString(values));
      return false;
    }
    return true;
  }

  /** Checked values as {height, width}; one value means both. */
  private static int[] pair(int[] values) {
    return values.length == 1 ? new int[] {values[0], values[0]} : values.clone();
  }

  private boolean positive(String kind, String member, int value) {
    if (value < 1) {
      report.add(Message.WINDOW_VALUE, field.origin().member(member), kind, member,
          Phrase.POSITIVE_INTEGER.format(), member, value);
      return false;
    }
    return true;
  }

  /** Whether the input is an image (2) or a series (1), as the layer needs. */
  private boolean rank(String kind, int dimensions) {
    int rank = in.dims().size() - 1;
    if (rank == dimensions) {
      return true;
    }
    String needs = (dimensions == 2 ? Phrase.IMAGE_INPUT : Phrase.SERIES_INPUT).format();
    String fix;
    LayerIR flattener = flattener();
    if (rank == 0 && flattener != null) {
      fix = Phrase.DECLARE_BEFORE_FLATTENER.format(flattener.kerasType(), flattener.name(),
          field.name(), flattener.name());
    } else if (rank == 0) {
      fix = (dimensions == 2 ? Phrase.DECLARE_IMAGE_SHAPE : Phrase.DECLARE_SERIES_SHAPE).format();
    } else if (rank == 1) {
      fix = Phrase.USE_1D_LAYERS.format();
    } else if (rank == 2) {
      fix = Phrase.USE_2D_LAYERS.format();
    } else {
      fix = Phrase.RESHAPE_INPUT.format(dimensions + 1);
    }
    report.add(Message.WRONG_INPUT_RANK, field.origin(), kind, field.name(), needs, in, trace, fix);
    return false;
  }

  /** The {height, width} out of a window, or null when it does not fit (reported). */
  private int[] window(String kind, String member, String noun, int[] size, int[] strides,
      Padding padding) {
    return window(kind, member, noun, size, strides, new int[] {1, 1}, padding);
  }

  /**
   * The same for a window whose taps are {@code dilation} apart, which spans
   * {@code (k - 1) * d + 1} cells.
   */
  private int[] window(String kind, String member, String noun, int[] size, int[] strides,
      int[] dilation, Padding padding) {
    boolean image = in.dims().size() == 3;
    int height = image ? in.dims().get(0) : 1;
    int width = in.dims().get(in.dims().size() - 2);
    int spanH = ShapeMath.dilatedKernel(size[0], dilation[0]);
    int spanW = ShapeMath.dilatedKernel(size[1], dilation[1]);
    int outH = ShapeMath.outputLength(height, spanH, strides[0], padding);
    int outW = ShapeMath.outputLength(width, spanW, strides[1], padding);
    if (outH < 1 || outW < 1) {
      String window = image ? size[0] + "x" + size[1] : String.valueOf(size[1]);
      if (dilation[0] > 1 || dilation[1] > 1) {
        window += image
            ? " at dilationRate " + dilation[0] + "x" + dilation[1] + " (" + spanH + "x" + spanW
                + " cells)"
            : " at dilationRate " + dilation[1] + " (" + spanW + " steps)";
      }
      String most = image ? height + "x" + width : String.valueOf(width);
      // Only an input that earlier layers shrank can be shrunk less.
      String otherwise = in.equals(input)
          ? Phrase.OR_SAME_PADDING.format()
          : Phrase.OR_SHRINK_LESS.format(field.name());
      report.add(Message.WINDOW_TOO_LARGE, field.origin().member(member), kind, field.name(),
          member, window, in, trace, noun, most, otherwise);
      return null;
    }
    return new int[] {outH, outW};
  }

  /** The layer that made a flat input flat, or null when the model's input is flat. */
  private LayerIR flattener() {
    for (int i = before.size() - 1; i >= 0; i--) {
      LayerIR layer = before.get(i);
      if (!layer.input().isFlat() && layer.output().isFlat()) {
        return layer;
      }
    }
    return null;
  }

  /** Whether an output of {@code dims} fits in one array per sample (reported when not). */
  private boolean fits(String kind, int... dims) {
    BigInteger size = Arrays.stream(dims).mapToObj(BigInteger::valueOf)
        .reduce(BigInteger.ONE, BigInteger::multiply);
    if (size.compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
      Shape out = Shape.of(dims);
      report.add(Message.LAYER_TOO_LARGE, field.origin().member("filters"), kind, field.name(),
          out, size, trace + " -> " + field.name() + " " + out, Integer.MAX_VALUE, field.name());
      return false;
    }
    return true;
  }

  /** A recurrent layer's annotation, read alike for its three cells. */
  private record Recurrence(RecurrentLayer.Cell cell, String kind, int units,
      Activation activation, Activation recurrentActivation, boolean useBias,
      boolean returnSequences) {
    /** The values of {@code a}; null when it is not a recurrent layer. */
    static Recurrence of(Annotation a) {
      if (a instanceof SimpleRNN r) {
        return new Recurrence(RecurrentLayer.Cell.SIMPLE_RNN, "SimpleRNN", r.units(),
            r.activation(), Activation.SIGMOID, r.useBias(), r.returnSequences());
      }
      if (a instanceof LSTM r) {
        return new Recurrence(RecurrentLayer.Cell.LSTM, "LSTM", r.units(), r.activation(),
            r.recurrentActivation(), r.useBias(), r.returnSequences());
      }
      if (a instanceof GRU r) {
        return new Recurrence(RecurrentLayer.Cell.GRU, "GRU", r.units(), r.activation(),
            r.recurrentActivation(), r.useBias(), r.returnSequences());
      }
      return null;
    }
  }

  /** Whether a recurrent cell computes {@code activation} (reported when not). */
  private boolean recurrentActivation(String kind, String member, Activation activation) {
    if (!Recurrent.supports(activation)) {
      report.add(Message.WINDOW_VALUE, field.origin().member(member), kind, member,
          Phrase.RECURRENT_ACTIVATION.format(), member, activation);
      return false;
    }
    return true;
  }

  /** A recurrent layer over a series {@code steps x features}. */
  private LayerIR recurrent(Recurrence r) {
    String name = field.name();
    if (in.dims().size() == 2) {
      return new RecurrentLayer(name, in, r.cell(), r.units(), r.activation(),
          r.recurrentActivation(), r.useBias(), r.returnSequences(), field.annotation(),
          field.origin());
    }
    LayerIR flattener = flattener();
    if (in.isFlat() && flattener instanceof RecurrentLayer below) {
      report.add(Message.STACKED_RECURRENT, field.origin(), r.kind(), name, in, trace,
          below.kerasType(), below.name(), below.name());
      return null;
    }
    String fix = in.isFlat() ? Phrase.DECLARE_STEPS.format(name) : Phrase.RESHAPE_INPUT.format(2);
    report.add(Message.WRONG_INPUT_RANK, field.origin(), r.kind(), name,
        Phrase.STEPS_INPUT.format(), in, trace, fix);
    return null;
  }

  /**
   * An embedding of the model's input, {@code steps} token ids: the first layer, on an input of
   * one dimension (reported when not).
   */
  private LayerIR embedding(Embedding embedding) {
    String name = field.name();
    if (!before.isEmpty()) {
      report.add(Message.EMBEDDING_NOT_FIRST, field.origin(), name, in, trace, name);
      return null;
    }
    if (in.dims().size() != 1) {
      report.add(Message.EMBEDDING_INPUT, field.origin(), name, in, in.size());
      return null;
    }
    return embeddingFits("steps", in.size(), embedding.outputDim())
        ? new EmbeddingLayer(name, in, embedding.inputDim(), embedding.outputDim(), embedding,
            field.origin())
        : null;
  }

  /** Whether {@code count} rows of {@code outputDim} fit in one array (reported when not). */
  private boolean embeddingFits(String rows, int count, int outputDim) {
    if ((long) count * outputDim > Integer.MAX_VALUE) {
      report.add(Message.WINDOW_VALUE, field.origin().member("outputDim"), "Embedding",
          "outputDim", Phrase.EMBEDDING_SIZE.format(rows, Integer.MAX_VALUE, rows, count),
          "outputDim", outputDim);
      return false;
    }
    return true;
  }
}
