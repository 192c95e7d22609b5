package dev.dendrite.processor.layer;

import static dev.dendrite.processor.layer.Names.constantPrefix;

import dev.dendrite.processor.model.LayerIR;
import dev.dendrite.processor.model.ModelIR;
import dev.dendrite.processor.model.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * The named dimensions of generated code: {@code INPUT_SIZE}, {@code HIDDEN1_SIZE},
 * {@code CONV1_HEIGHT}, ... and the array shapes built from them. Arrays are {@code [n, size]}
 * when flat, {@code [n, height, width, channels]} for images and {@code [n, 1, length, channels]}
 * for series (a series is an image of height 1 for the convolution kernels).
 */
public final class Dims {
  private final ModelIR model;
  private final List<LayerIR> layers;
  private final List<LayerKind> kinds;

  public Dims(ModelIR model) {
    this.model = model;
    this.layers = model.layers();
    this.kinds = layers.stream().map(LayerKind::of).toList();
  }

  /** The shape after layer {@code i}; {@code -1} is the input. */
  Shape shape(int i) {
    return i < 0 ? model.input() : layers.get(i).output();
  }

  /**
   * The prefix of layer i's dimensions; a layer that keeps its (first) input's (Dropout, Add)
   * shares them.
   */
  private String prefix(int i) {
    while (i >= 0 && kinds.get(i).keepsInputDimensions()) {
      i = model.inputsOf(i).get(0);
    }
    return i < 0 ? "INPUT" : constantPrefix(layers.get(i).name());
  }

  /** The per-sample dimensions of layer i's array, as constant names (after the batch size). */
  public List<String> dims(int i) {
    Shape shape = shape(i);
    String p = prefix(i);
    return switch (shape.dims().size()) {
      case 1 -> List.of(p + "_SIZE");
      case 2 -> List.of("1", p + "_LENGTH", p + "_CHANNELS");
      case 3 -> List.of(p + "_HEIGHT", p + "_WIDTH", p + "_CHANNELS");
      default -> shape.dims().stream().map(String::valueOf).toList();
    };
  }

  /** {@code n, CONV1_HEIGHT, CONV1_WIDTH, CONV1_CHANNELS}. */
  public String arrayShape(int i) {
    return "n, " + String.join(", ", dims(i));
  }

  /** The flat width of layer i's output: {@code HIDDEN1_SIZE} or {@code INPUT_SIZE}. */
  public String size(int i) {
    return prefix(i) + "_SIZE";
  }

  /** The channels of layer i's output (images and series). */
  public String channels(int i) {
    return prefix(i) + "_CHANNELS";
  }

  /**
   * Every constant, input first, then per layer its output's dimensions and what its kind names
   * ({@link LayerKind#constants}).
   */
  public List<Constant> constants() {
    List<Constant> constants = new ArrayList<>();
    constants.add(new Constant("INPUT_SIZE", model.input().size(), "Values per input sample."));
    addShape(constants, "INPUT", model.input(), "the input", false);
    for (int i = 0; i < layers.size(); i++) {
      LayerIR layer = layers.get(i);
      if (!kinds.get(i).keepsInputDimensions()) {
        addShape(constants, constantPrefix(layer.name()), layer.output(), layer.name(), true);
      }
      constants.addAll(kinds.get(i).constants(new Site(model, this, i)));
    }
    return List.copyOf(constants);
  }

  private static void addShape(List<Constant> constants, String prefix, Shape shape, String what,
      boolean withSize) {
    List<Integer> d = shape.dims();
    switch (d.size()) {
      case 1 -> {
        if (withSize) {
          constants.add(new Constant(prefix + "_SIZE", d.get(0), "Output width of " + what + "."));
        }
      }
      case 2 -> {
        constants.add(new Constant(prefix + "_LENGTH", d.get(0), "Series length of " + what + "."));
        constants.add(new Constant(prefix + "_CHANNELS", d.get(1), "Channels of " + what + "."));
      }
      case 3 -> {
        constants.add(new Constant(prefix + "_HEIGHT", d.get(0), "Height of " + what + "."));
        constants.add(new Constant(prefix + "_WIDTH", d.get(1), "Width of " + what + "."));
        constants.add(new Constant(prefix + "_CHANNELS", d.get(2), "Channels of " + what + "."));
      }
      default -> { }
    }
  }
}
