package dev.dendrite.processor.check;

import static dev.dendrite.processor.check.Annotations.checked;
import static dev.dendrite.processor.check.Annotations.layer;
import static dev.dendrite.processor.check.Annotations.model;
import static dev.dendrite.processor.check.Annotations.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Activation;
import dev.dendrite.AveragePooling1D;
import dev.dendrite.AveragePooling2D;
import dev.dendrite.Conv1D;
import dev.dendrite.Conv2D;
import dev.dendrite.Dense;
import dev.dendrite.Dropout;
import dev.dendrite.Flatten;
import dev.dendrite.GlobalAveragePooling1D;
import dev.dendrite.GlobalAveragePooling2D;
import dev.dendrite.MaxPooling1D;
import dev.dendrite.MaxPooling2D;
import dev.dendrite.Maxout;
import dev.dendrite.Padding;
import dev.dendrite.processor.diagnostic.Diagnostic;
import dev.dendrite.processor.diagnostic.Message;
import dev.dendrite.processor.diagnostic.Report;
import dev.dendrite.processor.model.ConvLayer;
import dev.dendrite.processor.model.LayerIR;
import dev.dendrite.processor.model.ModelIR;
import dev.dendrite.processor.model.PoolLayer;
import dev.dendrite.processor.model.Shape;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shapes the processor infers, against expectations it does not compute: Keras'
 * documented examples, written out by hand, and every small window case with its output
 * length found by enumerating the window's positions rather than by a formula.
 */
class ShapeInferenceTest {

  /** (layer, input shape, output shape), each from Keras' documentation or worked by hand. */
  static Stream<Arguments> kerasExamples() {
    return Stream.of(
        // keras.layers.Conv2D: (4, 10, 10, 128) -> Conv2D(32, 3) -> (4, 8, 8, 32).
        row(of(Conv2D.class, "filters", 32, "kernelSize", new int[] {3}), "10x10x128", "8x8x32"),
        // keras.layers.Conv1D: (4, 10, 128) -> Conv1D(32, 3) -> (4, 8, 32).
        row(of(Conv1D.class, "filters", 32, "kernelSize", 3), "10x128", "8x32"),
        // Keras' MNIST convnet example, layer by layer.
        row(of(Conv2D.class, "filters", 32, "kernelSize", new int[] {3, 3}), "28x28x1", "26x26x32"),
        row(of(MaxPooling2D.class, "poolSize", new int[] {2, 2}), "26x26x32", "13x13x32"),
        row(of(Conv2D.class, "filters", 64, "kernelSize", new int[] {3, 3}), "13x13x32",
            "11x11x64"),
        row(of(MaxPooling2D.class, "poolSize", new int[] {2, 2}), "11x11x64", "5x5x64"),
        row(of(Flatten.class), "5x5x64", "1600"),
        // keras.layers.MaxPooling2D: 3x3, pool 2, strides 1 -> 2x2; VALID 3x4, pool 2,
        // strides 2 -> 1x2; SAME 3x3, pool 2, strides 1 -> 3x3.
        row(of(MaxPooling2D.class, "poolSize", new int[] {2, 2}, "strides", new int[] {1, 1}),
            "3x3x1", "2x2x1"),
        row(of(MaxPooling2D.class, "poolSize", new int[] {2, 2}, "strides", new int[] {2, 2}),
            "3x4x1", "1x2x1"),
        row(of(MaxPooling2D.class, "poolSize", new int[] {2, 2}, "strides", new int[] {1, 1},
            "padding", Padding.SAME), "3x3x1", "3x3x1"),
        // keras.layers.AveragePooling2D: the same three examples.
        row(of(AveragePooling2D.class, "poolSize", new int[] {2}, "strides", new int[] {1}),
            "3x3x1", "2x2x1"),
        row(of(AveragePooling2D.class, "poolSize", new int[] {2}, "strides", new int[] {2}),
            "3x4x1", "1x2x1"),
        row(of(AveragePooling2D.class, "poolSize", new int[] {2}, "strides", new int[] {1},
            "padding", Padding.SAME), "3x3x1", "3x3x1"),
        // keras.layers.MaxPooling1D on [1, 2, 3, 4, 5]: pool 2 strides 1 -> 4, strides 2 -> 2,
        // SAME strides 1 -> 5.
        row(of(MaxPooling1D.class, "poolSize", 2, "strides", 1), "5x1", "4x1"),
        row(of(MaxPooling1D.class, "poolSize", 2, "strides", 2), "5x1", "2x1"),
        row(of(MaxPooling1D.class, "poolSize", 2, "strides", 1, "padding", Padding.SAME),
            "5x1", "5x1"),
        row(of(AveragePooling1D.class, "poolSize", 2, "strides", 1), "5x1", "4x1"),
        row(of(AveragePooling1D.class, "poolSize", 2), "5x1", "2x1"),
        // SAME with strides: ceil(28 / 2) = 14; a 5x5 kernel on 7x7 by 2 -> 4x4; 4x9 by (3, 2).
        row(of(Conv2D.class, "filters", 8, "kernelSize", new int[] {3}, "strides", new int[] {2},
            "padding", Padding.SAME), "28x28x1", "14x14x8"),
        row(of(Conv2D.class, "filters", 8, "kernelSize", new int[] {5}, "strides", new int[] {2},
            "padding", Padding.SAME), "7x7x3", "4x4x8"),
        row(of(Conv2D.class, "filters", 2, "kernelSize", new int[] {2, 3},
            "strides", new int[] {3, 2}, "padding", Padding.SAME), "4x9x1", "2x5x2"),
        // VALID with height and width apart: (7 - 3) / 2 + 1 = 3 rows, (5 - 1) / 1 + 1 = 5.
        row(of(Conv2D.class, "filters", 4, "kernelSize", new int[] {3, 1},
            "strides", new int[] {2, 1}), "7x5x2", "3x5x4"),
        row(of(Conv1D.class, "filters", 6, "kernelSize", 4, "strides", 3), "11x2", "3x6"),
        row(of(Conv1D.class, "filters", 6, "kernelSize", 4, "strides", 3,
            "padding", Padding.SAME), "11x2", "4x6"),
        // dilation_rate: a kernel of k taps d apart spans (k - 1) * d + 1 cells (10 - 5 + 1 = 6;
        // rows 9 - 7 + 1 = 3, columns 8 - 5 + 1 = 4; 12 - 9 + 1 = 4); SAME keeps the size.
        row(of(Conv2D.class, "filters", 4, "kernelSize", new int[] {3},
            "dilationRate", new int[] {2}), "10x10x2", "6x6x4"),
        row(of(Conv2D.class, "filters", 4, "kernelSize", new int[] {3, 2},
            "dilationRate", new int[] {3, 4}), "9x8x1", "3x4x4"),
        row(of(Conv2D.class, "filters", 4, "kernelSize", new int[] {3},
            "dilationRate", new int[] {2, 3}, "padding", Padding.SAME), "10x10x2", "10x10x4"),
        row(of(Conv1D.class, "filters", 6, "kernelSize", 3, "dilationRate", 4), "12x2", "4x6"),
        row(of(GlobalAveragePooling2D.class), "4x4x16", "16"),
        row(of(GlobalAveragePooling1D.class), "10x3", "3"),
        row(of(Dropout.class, "value", 0.5), "6x6x3", "6x6x3"),
        row(of(Flatten.class), "10x3", "30"),
        row(of(Flatten.class), "7", "7"),
        row(of(Dense.class, "units", 128), "784", "128"),
        row(of(Maxout.class, "units", 5, "pieces", 3), "20", "5"));
  }

  private static Arguments row(Annotation annotation, String input, String output) {
    return Arguments.of(annotation, shape(input), shape(output));
  }

  @ParameterizedTest(name = "{0} on {1} -> {2}")
  @MethodSource("kerasExamples")
  void kerasExample(Annotation annotation, Shape input, Shape output) {
    assertEquals(output, inferred(annotation, input).output());
  }

  /**
   * Every 2-D window of up to 4x3 moving by up to 3x2 over an image of up to 5x6, VALID and
   * SAME, for convolutions and both poolings, with the height and width given apart.
   */
  @Test
  void everySmallImageWindowAgreesWithItsEnumeratedPositions() {
    int cases = 0;
    for (Padding padding : Padding.values()) {
      for (int h = 1; h <= 5; h++) {
        for (int w = 1; w <= 6; w++) {
          for (int kh = 1; kh <= 4; kh++) {
            for (int kw = 1; kw <= 3; kw++) {
              for (int sh = 1; sh <= 3; sh++) {
                for (int sw = 1; sw <= 2; sw++) {
                  int[] kernel = {kh, kw};
                  int[] strides = {sh, sw};
                  Shape input = Shape.of(h, w, 2);
                  int outH = positions(h, kh, sh, padding);
                  int outW = positions(w, kw, sw, padding);
                  Shape conv = outH == 0 || outW == 0 ? null : Shape.of(outH, outW, 3);
                  Shape pool = outH == 0 || outW == 0 ? null : Shape.of(outH, outW, 2);
                  expectWindow(of(Conv2D.class, "filters", 3, "kernelSize", kernel,
                      "strides", strides, "padding", padding), input, conv, kernel, strides);
                  expectWindow(of(MaxPooling2D.class, "poolSize", kernel, "strides", strides,
                      "padding", padding), input, pool, kernel, strides);
                  expectWindow(of(AveragePooling2D.class, "poolSize", kernel, "strides", strides,
                      "padding", padding), input, pool, kernel, strides);
                  cases += 3;
                }
              }
            }
          }
        }
      }
    }
    assertEquals(2 * 5 * 6 * 4 * 3 * 3 * 2 * 3, cases);
  }

  /**
   * One value for the kernel or pool means a square window; a convolution moves by 1 unless
   * told, a pooling by its pool size (Keras' {@code strides=None}).
   */
  @Test
  void oneValueMeansBothAndDefaultStrides() {
    for (Padding padding : Padding.values()) {
      for (int h = 1; h <= 7; h++) {
        for (int w = 1; w <= 7; w++) {
          for (int k = 1; k <= 4; k++) {
            Shape input = Shape.of(h, w, 1);
            int[] square = {k, k};
            int convH = positions(h, k, 1, padding);
            int convW = positions(w, k, 1, padding);
            expectWindow(of(Conv2D.class, "filters", 2, "kernelSize", new int[] {k},
                "padding", padding), input,
                convH == 0 || convW == 0 ? null : Shape.of(convH, convW, 2), square,
                new int[] {1, 1});
            int poolH = positions(h, k, k, padding);
            int poolW = positions(w, k, k, padding);
            Shape pooled = poolH == 0 || poolW == 0 ? null : Shape.of(poolH, poolW, 1);
            expectWindow(of(MaxPooling2D.class, "poolSize", new int[] {k}, "padding", padding),
                input, pooled, square, square);
            expectWindow(of(AveragePooling2D.class, "poolSize", new int[] {k},
                "padding", padding), input, pooled, square, square);
            for (int s = 1; s <= 3; s++) {
              int stridedH = positions(h, k, s, padding);
              int stridedW = positions(w, k, s, padding);
              expectWindow(of(MaxPooling2D.class, "poolSize", new int[] {k},
                  "strides", new int[] {s}, "padding", padding), input,
                  stridedH == 0 || stridedW == 0 ? null : Shape.of(stridedH, stridedW, 1),
                  square, new int[] {s, s});
            }
          }
        }
      }
    }
  }

  /** Every 1-D window of up to 5 moving by up to 4 (pools also by default) over up to 8 steps. */
  @Test
  void everySmallSeriesWindowAgreesWithItsEnumeratedPositions() {
    for (Padding padding : Padding.values()) {
      for (int n = 1; n <= 8; n++) {
        for (int k = 1; k <= 5; k++) {
          Shape input = Shape.of(n, 2);
          for (int s = 1; s <= 4; s++) {
            int out = positions(n, k, s, padding);
            int[] kernel = {1, k};
            int[] strides = {1, s};
            expectWindow(of(Conv1D.class, "filters", 3, "kernelSize", k, "strides", s,
                "padding", padding), input, out == 0 ? null : Shape.of(out, 3), kernel, strides);
            Shape pooled = out == 0 ? null : Shape.of(out, 2);
            expectWindow(of(MaxPooling1D.class, "poolSize", k, "strides", s, "padding", padding),
                input, pooled, kernel, strides);
            expectWindow(of(AveragePooling1D.class, "poolSize", k, "strides", s,
                "padding", padding), input, pooled, kernel, strides);
          }
          int byPool = positions(n, k, k, padding);
          Shape pooled = byPool == 0 ? null : Shape.of(byPool, 2);
          expectWindow(of(MaxPooling1D.class, "poolSize", k, "padding", padding), input,
              pooled, new int[] {1, k}, new int[] {1, k});
          expectWindow(of(AveragePooling1D.class, "poolSize", k, "padding", padding), input,
              pooled, new int[] {1, k}, new int[] {1, k});
          int conv = positions(n, k, 1, padding);
          expectWindow(of(Conv1D.class, "filters", 1, "kernelSize", k, "padding", padding),
              input, conv == 0 ? null : Shape.of(conv, 1), new int[] {1, k}, new int[] {1, 1});
        }
      }
    }
  }

  @Test
  void layersBetweenTheInputAndTheOutputChainTheirShapes() {
    ModelIR mnist = checked(model(new int[] {28, 28, 1}),
        false,
        layer("conv1", of(Conv2D.class, "filters", 32, "kernelSize", new int[] {3},
            "activation", Activation.RELU)),
        layer("pool1", of(MaxPooling2D.class, "poolSize", new int[] {2})),
        layer("conv2", of(Conv2D.class, "filters", 64, "kernelSize", new int[] {3},
            "activation", Activation.RELU)),
        layer("pool2", of(MaxPooling2D.class, "poolSize", new int[] {2})),
        layer("flatten", of(Flatten.class)),
        layer("dropout", of(Dropout.class, "value", 0.5)),
        layer("output", of(Dense.class, "units", 10)));
    assertEquals(List.of("28x28x1", "26x26x32", "13x13x32", "11x11x64", "5x5x64", "1600", "1600"),
        mnist.layers().stream().map(l -> l.input().toString()).toList());
    assertEquals(List.of("26x26x32", "13x13x32", "11x11x64", "5x5x64", "1600", "1600", "10"),
        mnist.layers().stream().map(l -> l.output().toString()).toList());
    assertEquals("input 28x28x1 -> conv1 26x26x32 -> pool1 13x13x32 -> conv2 11x11x64 -> pool2 "
        + "5x5x64 -> flatten 1600 -> dropout 1600 -> output 10",
        ModelChecker.trace(mnist.input(), mnist.layers()));
  }

  // ---- the limits of one array per sample ----

  @Test
  void aFeatureMapOfExactlyTheLargestArrayFits() {
    // 2^31 - 1 is prime: only 1 x 1 x (2^31 - 1) has exactly that many values.
    LayerIR conv = inferred(of(Conv2D.class, "filters", Integer.MAX_VALUE,
        "kernelSize", new int[] {1}), Shape.of(1, 1, 1));
    assertEquals(Shape.of(1, 1, Integer.MAX_VALUE), conv.output());
    LayerIR series = inferred(of(Conv1D.class, "filters", Integer.MAX_VALUE, "kernelSize", 1),
        Shape.of(1, 1));
    assertEquals(Shape.of(1, Integer.MAX_VALUE), series.output());
  }

  @Test
  void aFeatureMapOneArrayCannotHoldIsReported() {
    assertOnly(Message.LAYER_TOO_LARGE, of(Conv2D.class, "filters", Integer.MAX_VALUE,
        "kernelSize", new int[] {1}), Shape.of(1, 2, 1));
    assertOnly(Message.LAYER_TOO_LARGE, of(Conv2D.class, "filters", Integer.MAX_VALUE,
        "kernelSize", new int[] {1}), Shape.of(2, 1, 1));
    assertOnly(Message.LAYER_TOO_LARGE, of(Conv1D.class, "filters", 1 << 30, "kernelSize", 1),
        Shape.of(2, 1));
  }

  @Test
  void maxoutUnitsTimesPiecesUpToTheLargestArray() {
    assertEquals(Shape.of(Integer.MAX_VALUE), inferred(of(Maxout.class,
        "units", Integer.MAX_VALUE, "pieces", 1), Shape.of(1)).output());
    assertOnly(Message.WINDOW_VALUE, of(Maxout.class, "units", 1 << 30, "pieces", 2),
        Shape.of(1));
  }

  @Test
  void theModelsInputUpToTheLargestArray() {
    Report fits = new Report();
    ModelChecker.check(Annotations.declaration(model(new int[] {Integer.MAX_VALUE}),
        layer("output", of(Dense.class, "units", 1))), fits);
    assertEquals(List.of(), fits.items());
    Report tooLarge = new Report();
    ModelChecker.check(Annotations.declaration(model(new int[] {1 << 16, 1 << 15}),
        layer("output", of(Dense.class, "units", 1))), tooLarge);
    assertEquals(List.of(Message.INPUT_TOO_LARGE),
        tooLarge.items().stream().map(Diagnostic::message).toList());
  }

  // ---- values at their bounds ----

  @Test
  void smallestValuesAreAccepted() {
    Shape flat = Shape.of(3);
    assertEquals(Shape.of(1), inferred(of(Dense.class, "units", 1), flat).output());
    assertEquals(Shape.of(1), inferred(of(Maxout.class, "units", 1, "pieces", 1), flat).output());
    assertEquals(flat, inferred(of(Dropout.class, "value", 0.0), flat).output());
    assertEquals(Shape.of(1, 1), inferred(of(Conv1D.class, "filters", 1, "kernelSize", 1,
        "strides", 1), Shape.of(1, 1)).output());
    assertEquals(Shape.of(1, 1), inferred(of(MaxPooling1D.class, "poolSize", 1, "strides", 1),
        Shape.of(1, 1)).output());
  }

  @Test
  void valuesBelowTheirBoundsAreReportedOnce() {
    Shape flat = Shape.of(3);
    Shape series = Shape.of(4, 1);
    Shape image = Shape.of(4, 4, 1);
    assertOnly(Message.UNITS, of(Dense.class, "units", 0), flat);
    assertOnly(Message.WINDOW_VALUE, of(Maxout.class, "units", 0, "pieces", 2), flat);
    assertOnly(Message.WINDOW_VALUE, of(Maxout.class, "units", 2, "pieces", 0), flat);
    assertOnly(Message.RATE, of(Dropout.class, "value", 1.0), flat);
    assertOnly(Message.RATE, of(Dropout.class, "value", -0.01), flat);
    assertOnly(Message.RATE, of(Dropout.class, "value", Double.NaN), flat);
    assertOnly(Message.WINDOW_VALUE, of(Conv1D.class, "filters", 0, "kernelSize", 1), series);
    assertOnly(Message.WINDOW_VALUE, of(Conv1D.class, "filters", 1, "kernelSize", 0), series);
    assertOnly(Message.WINDOW_VALUE, of(Conv1D.class, "filters", 1, "kernelSize", 1,
        "strides", 0), series);
    assertOnly(Message.WINDOW_VALUE, of(MaxPooling1D.class, "poolSize", 0), series);
    assertOnly(Message.WINDOW_VALUE, of(AveragePooling1D.class, "poolSize", 2, "strides", -1),
        series);
    assertOnly(Message.WINDOW_VALUE, of(Conv2D.class, "filters", 0, "kernelSize", new int[] {1}),
        image);
    assertOnly(Message.WINDOW_VALUE, of(Conv2D.class, "filters", 1, "kernelSize", new int[] {}),
        image);
    assertOnly(Message.WINDOW_VALUE, of(Conv2D.class, "filters", 1,
        "kernelSize", new int[] {1, 1, 1}), image);
    assertOnly(Message.WINDOW_VALUE, of(Conv2D.class, "filters", 1, "kernelSize", new int[] {1},
        "strides", new int[] {1, 0}), image);
    assertOnly(Message.WINDOW_VALUE, of(MaxPooling2D.class, "poolSize", new int[] {0, 2}), image);
    assertOnly(Message.WINDOW_VALUE, of(AveragePooling2D.class, "poolSize", new int[] {2},
        "strides", new int[] {2, 2, 2}), image);
  }

  @Test
  void layersOnAnInputOfTheWrongRankAreReported() {
    Shape flat = Shape.of(16);
    Shape series = Shape.of(4, 4);
    Shape image = Shape.of(4, 4, 1);
    Shape volume = Shape.of(2, 2, 2, 2);
    for (Shape wrong : List.of(flat, series, volume)) {
      assertOnly(Message.WRONG_INPUT_RANK, of(Conv2D.class, "filters", 1,
          "kernelSize", new int[] {1}), wrong);
      assertOnly(Message.WRONG_INPUT_RANK, of(MaxPooling2D.class, "poolSize", new int[] {1}),
          wrong);
      assertOnly(Message.WRONG_INPUT_RANK, of(GlobalAveragePooling2D.class), wrong);
    }
    for (Shape wrong : List.of(flat, image, volume)) {
      assertOnly(Message.WRONG_INPUT_RANK, of(Conv1D.class, "filters", 1, "kernelSize", 1),
          wrong);
      assertOnly(Message.WRONG_INPUT_RANK, of(AveragePooling1D.class, "poolSize", 1), wrong);
      assertOnly(Message.WRONG_INPUT_RANK, of(GlobalAveragePooling1D.class), wrong);
    }
    assertFix("Declare the image's shape on @Model, like input = {28, 28, 1}.",
        of(Conv2D.class, "filters", 1, "kernelSize", new int[] {1}), flat);
    assertFix("Declare the series' shape on @Model, like input = {128, 1}.",
        of(Conv1D.class, "filters", 1, "kernelSize", 1), flat);
    assertFix("This is a series: use the 1D layers (@Conv1D, @MaxPooling1D, ...), or, for an "
        + "image, add its channels to the input on @Model, like input = {28, 28, 1}.",
        of(MaxPooling2D.class, "poolSize", new int[] {1}), series);
    assertFix("This is an image: use the 2D layers (@Conv2D, @MaxPooling2D, ...).",
        of(MaxPooling1D.class, "poolSize", 1), image);
    assertFix("Reshape the input on @Model to 3 dimensions.",
        of(GlobalAveragePooling2D.class), volume);
    assertFix("Reshape the input on @Model to 2 dimensions.",
        of(GlobalAveragePooling1D.class), volume);
    for (Shape wrong : List.of(series, image)) {
      assertOnly(Message.NEEDS_FLAT, of(Dense.class, "units", 1), wrong);
      assertOnly(Message.NEEDS_FLAT, of(Maxout.class, "units", 1, "pieces", 2), wrong);
    }
  }

  /**
   * How many positions a window of {@code window} takes moving by {@code stride} over
   * {@code length}, counted one by one. VALID: every start from which the whole window lies
   * inside. SAME (TensorFlow's rule): every stride step that starts inside the input, the window
   * padded where it runs over.
   */
  private static int positions(int length, int window, int stride, Padding padding) {
    int count = 0;
    for (int start = 0; start < length; start += stride) {
      if (padding == Padding.SAME || start + window <= length) {
        count++;
      }
    }
    return count;
  }

  /** Infers {@code annotation}'s layer on {@code input}, or null when it reports. */
  private static LayerIR infer(Annotation annotation, Shape input, Report report) {
    return LayerInference.infer(layer("layer", annotation), input, List.of(), report);
  }

  private static LayerIR inferred(Annotation annotation, Shape input) {
    Report report = new Report();
    LayerIR layer = infer(annotation, input, report);
    assertEquals(List.of(), report.items(), () -> annotation + " on " + input);
    assertNotNull(layer, () -> annotation + " on " + input);
    return layer;
  }

  /** The layer infers {@code output}, or, for null, reports only that its window is too large. */
  private static void expectWindow(Annotation annotation, Shape input, Shape output,
      int[] window, int[] strides) {
    Report report = new Report();
    LayerIR layer = infer(annotation, input, report);
    String what = annotation + " on " + input;
    if (output == null) {
      assertNull(layer, what);
      assertEquals(List.of(Message.WINDOW_TOO_LARGE), messages(report), what);
      return;
    }
    assertEquals(List.of(), report.items(), what);
    assertEquals(output, layer.output(), what);
    assertEquals(input, layer.input(), what);
    int[] actual = layer instanceof ConvLayer c
        ? new int[] {c.kernelHeight(), c.kernelWidth(), c.strideHeight(), c.strideWidth()}
        : windowOf((PoolLayer) layer);
    assertEquals(List.of(window[0], window[1], strides[0], strides[1]),
        List.of(actual[0], actual[1], actual[2], actual[3]), what);
  }

  private static int[] windowOf(PoolLayer pool) {
    return new int[] {pool.poolHeight(), pool.poolWidth(), pool.strideHeight(),
        pool.strideWidth()};
  }

  private static void assertOnly(Message message, Annotation annotation, Shape input) {
    Report report = new Report();
    assertNull(infer(annotation, input, report), () -> annotation + " on " + input);
    assertEquals(List.of(message), messages(report), () -> annotation + " on " + input);
  }

  /** The layer's one diagnostic ends with {@code fix}. */
  private static void assertFix(String fix, Annotation annotation, Shape input) {
    Report report = new Report();
    infer(annotation, input, report);
    assertEquals(1, report.items().size(), () -> annotation + " on " + input);
    String text = report.items().get(0).text();
    assertTrue(text.endsWith(" " + fix), text);
  }

  private static List<Message> messages(Report report) {
    List<Message> messages = new ArrayList<>();
    report.items().forEach(d -> messages.add(d.message()));
    return messages;
  }

  private static Shape shape(String dims) {
    return Shape.of(Stream.of(dims.split("x")).mapToInt(Integer::parseInt).toArray());
  }
}
