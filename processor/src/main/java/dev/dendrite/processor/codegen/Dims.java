package dev.dendrite.processor.codegen;

import static dev.dendrite.processor.codegen.Names.constantPrefix;

import com.squareup.javapoet.FieldSpec;
import dev.dendrite.processor.model.DropoutLayer;
import dev.dendrite.processor.model.LayerIR;
import dev.dendrite.processor.model.MaxoutLayer;
import dev.dendrite.processor.model.ModelIR;
import dev.dendrite.processor.model.Shape;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The named dimensions of generated code: {@code INPUT_SIZE}, {@code HIDDEN1_SIZE},
 * {@code CONV1_HEIGHT}, ... and the array shapes built from them. Arrays are {@code [n, size]}
 * when flat, {@code [n, height, width, channels]} for images and {@code [n, 1, length, channels]}
 * for series (a series is an image of height 1 for the convolution kernels).
 */
final class Dims {
  private final ModelIR model;
  private final List<LayerIR> layers;

  Dims(ModelIR model) {
    this.model = model;
    this.layers = model.layers();
  }

  /** The shape after layer {@code i}; {@code -1} is the input. */
  Shape shape(int i) {
    return i < 0 ? model.input() : layers.get(i).output();
  }

  /** The prefix of layer i's dimensions; Dropout shares its input's. */
  private String prefix(int i) {
    while (i >= 0 && layers.get(i) instanceof DropoutLayer) {
      i--;
    }
    return i < 0 ? "INPUT" : constantPrefix(layers.get(i).name());
  }

  /** The per-sample dimensions of layer i's array, as constant names (after the batch size). */
  List<String> dims(int i) {
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
  String arrayShape(int i) {
    return "n, " + String.join(", ", dims(i));
  }

  /** The flat width of layer i's output: {@code HIDDEN1_SIZE} or {@code INPUT_SIZE}. */
  String size(int i) {
    return prefix(i) + "_SIZE";
  }

  /** The channels of layer i's output (images and series). */
  String channels(int i) {
    return prefix(i) + "_CHANNELS";
  }

  /** Every constant, input first, each with a line of Javadoc. */
  List<FieldSpec> constants() {
    List<FieldSpec> fields = new ArrayList<>();
    fields.add(constant("INPUT_SIZE", model.input().size(), "Values per input sample."));
    addShape(fields, "INPUT", model.input(), "the input", false);
    for (LayerIR layer : layers) {
      if (!(layer instanceof DropoutLayer)) {
        addShape(fields, constantPrefix(layer.name()), layer.output(), layer.name(), true);
      }
      if (layer instanceof MaxoutLayer m) {
        fields.add(constant(constantPrefix(layer.name()) + "_PIECES", m.pieces(),
            "Pieces per unit of " + layer.name() + ", of which the largest is the unit."));
      }
    }
    return fields;
  }

  private static void addShape(List<FieldSpec> fields, String prefix, Shape shape, String what,
      boolean withSize) {
    List<Integer> d = shape.dims();
    switch (d.size()) {
      case 1 -> {
        if (withSize) {
          fields.add(constant(prefix + "_SIZE", d.get(0), "Output width of " + what + "."));
        }
      }
      case 2 -> {
        fields.add(constant(prefix + "_LENGTH", d.get(0), "Series length of " + what + "."));
        fields.add(constant(prefix + "_CHANNELS", d.get(1), "Channels of " + what + "."));
      }
      case 3 -> {
        fields.add(constant(prefix + "_HEIGHT", d.get(0), "Height of " + what + "."));
        fields.add(constant(prefix + "_WIDTH", d.get(1), "Width of " + what + "."));
        fields.add(constant(prefix + "_CHANNELS", d.get(2), "Channels of " + what + "."));
      }
      default -> { }
    }
  }

  private static FieldSpec constant(String name, int value, String doc) {
    return FieldSpec.builder(int.class, name, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc(doc + "\n")
        .initializer("$L", value)
        .build();
  }
}
