package dev.dendrite.processor.check;

import static dev.dendrite.processor.check.Annotations.checked;
import static dev.dendrite.processor.check.Annotations.layer;
import static dev.dendrite.processor.check.Annotations.model;
import static dev.dendrite.processor.check.Annotations.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import dev.dendrite.Loss;
import dev.dendrite.MaxPooling1D;
import dev.dendrite.MaxPooling2D;
import dev.dendrite.Maxout;
import dev.dendrite.Padding;
import dev.dendrite.processor.cost.LayerCost;
import dev.dendrite.processor.cost.ModelCost;
import dev.dendrite.processor.model.ConvLayer;
import dev.dendrite.processor.model.DenseLayer;
import dev.dendrite.processor.model.GlobalPoolLayer;
import dev.dendrite.processor.model.LayerIR;
import dev.dendrite.processor.model.MaxoutLayer;
import dev.dendrite.processor.model.ModelIR;
import dev.dendrite.processor.model.PoolLayer;
import java.lang.annotation.Annotation;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Parameter counts, FLOPs and training memory against expectations computed apart from the
 * processor: Keras' published summaries, a count of every multiply-add and read a naive forward
 * loop performs, and memory worked out by hand from the arrays a training step keeps.
 */
class CostOracleTest {

  // ---- parameters: Keras' model.summary() of its examples ----

  @Test
  void kerasMnistConvnetParameters() {
    ModelIR convnet = checked(model(new int[] {28, 28, 1}, "loss", Loss.CATEGORICAL_CROSSENTROPY),
        false,
        layer("conv1", of(Conv2D.class, "filters", 32, "kernelSize", new int[] {3, 3},
            "activation", Activation.RELU)),
        layer("pool1", of(MaxPooling2D.class, "poolSize", new int[] {2, 2})),
        layer("conv2", of(Conv2D.class, "filters", 64, "kernelSize", new int[] {3, 3},
            "activation", Activation.RELU)),
        layer("pool2", of(MaxPooling2D.class, "poolSize", new int[] {2, 2})),
        layer("flatten", of(Flatten.class)),
        layer("dropout", of(Dropout.class, "value", 0.5)),
        layer("output", of(Dense.class, "units", 10, "activation", Activation.SOFTMAX)));
    assertEquals(List.of(320L, 0L, 18_496L, 0L, 0L, 0L, 16_010L),
        convnet.layers().stream().map(LayerIR::parameters).toList());
    assertEquals(34_826L, convnet.parameters());
    assertEquals(34_826L, ModelCost.of(convnet).parameters());
  }

  @Test
  void kerasMnistMlpParameters() {
    ModelIR mlp = checked(model(new int[] {784}, "loss", Loss.CATEGORICAL_CROSSENTROPY), false,
        layer("dense1", of(Dense.class, "units", 512, "activation", Activation.RELU)),
        layer("dropout1", of(Dropout.class, "value", 0.2)),
        layer("dense2", of(Dense.class, "units", 512, "activation", Activation.RELU)),
        layer("dropout2", of(Dropout.class, "value", 0.2)),
        layer("output", of(Dense.class, "units", 10, "activation", Activation.SOFTMAX)));
    assertEquals(List.of(401_920L, 0L, 262_656L, 0L, 5_130L),
        mlp.layers().stream().map(LayerIR::parameters).toList());
    assertEquals(669_706L, mlp.parameters());
  }

  @Test
  void parametersOfEachKindWithAndWithoutBias() {
    // Conv1D(32, 3) on 10x128: 3 x 128 x 32 + 32. Without bias, 4 x 2 x 3.
    assertEquals(12_320L, only(new int[] {10, 128},
        of(Conv1D.class, "filters", 32, "kernelSize", 3)).parameters());
    assertEquals(24L, only(new int[] {10, 2},
        of(Conv1D.class, "filters", 3, "kernelSize", 4, "useBias", false)).parameters());
    // Conv2D 2x3 kernel over 5 channels to 7 filters: 2 x 3 x 5 x 7 (+ 7); the strides and
    // padding change no weight.
    assertEquals(217L, only(new int[] {9, 9, 5}, of(Conv2D.class, "filters", 7,
        "kernelSize", new int[] {2, 3}, "strides", new int[] {2, 1},
        "padding", Padding.SAME)).parameters());
    assertEquals(210L, only(new int[] {9, 9, 5}, of(Conv2D.class, "filters", 7,
        "kernelSize", new int[] {2, 3}, "useBias", false)).parameters());
    // Dense 784 -> 128 without bias; Maxout 20 -> 5 units of 3 pieces: 20 x 15 (+ 15).
    assertEquals(100_352L, only(new int[] {784},
        of(Dense.class, "units", 128, "useBias", false)).parameters());
    assertEquals(315L, only(new int[] {20},
        of(Maxout.class, "units", 5, "pieces", 3)).parameters());
    assertEquals(300L, only(new int[] {20},
        of(Maxout.class, "units", 5, "pieces", 3, "useBias", false)).parameters());
    for (Annotation free : List.<Annotation>of(of(MaxPooling2D.class, "poolSize", new int[] {2}),
        of(AveragePooling2D.class, "poolSize", new int[] {2}), of(GlobalAveragePooling2D.class),
        of(Dropout.class, "value", 0.5), of(Flatten.class))) {
      assertEquals(0L, only(new int[] {4, 4, 3}, free).parameters(), free::toString);
    }
  }

  // ---- FLOPs: a naive forward pass, counted operation by operation ----

  /**
   * Convolutions and poolings over images up to 5x5 with windows up to 3x3, both paddings, with
   * and without bias and activation, against {@link #countedFlops}.
   */
  @Test
  void imageWindowFlopsMatchACountedForwardPass() {
    for (Padding padding : Padding.values()) {
      for (int h = 1; h <= 5; h++) {
        for (int w = 1; w <= 5; w++) {
          for (int kh = 1; kh <= Math.min(h, 3); kh++) {
            for (int kw = 1; kw <= Math.min(w, 3); kw++) {
              for (int s = 1; s <= 2; s++) {
                int[] kernel = {kh, kw};
                int[] strides = {s, 3 - s};
                boolean plain = (h + w + kh) % 2 == 0;
                int[] input = {h, w, 2};
                assertCounted(input, of(Conv2D.class, "filters", 3, "kernelSize", kernel,
                    "strides", strides, "padding", padding, "useBias", plain,
                    "activation", plain ? Activation.LINEAR : Activation.ELU));
                assertCounted(input, of(MaxPooling2D.class, "poolSize", kernel,
                    "strides", strides, "padding", padding));
                assertCounted(input, of(AveragePooling2D.class, "poolSize", kernel,
                    "strides", strides, "padding", padding));
              }
            }
          }
        }
      }
    }
  }

  @Test
  void seriesAndFlatFlopsMatchACountedForwardPass() {
    for (Padding padding : Padding.values()) {
      for (int n = 1; n <= 7; n++) {
        for (int k = 1; k <= Math.min(n, 4); k++) {
          for (int s = 1; s <= 3; s++) {
            assertCounted(new int[] {n, 3}, of(Conv1D.class, "filters", 2, "kernelSize", k,
                "strides", s, "padding", padding, "activation", Activation.RELU));
            assertCounted(new int[] {n, 3}, of(MaxPooling1D.class, "poolSize", k, "strides", s,
                "padding", padding));
            assertCounted(new int[] {n, 3}, of(AveragePooling1D.class, "poolSize", k,
                "strides", s, "padding", padding));
          }
        }
      }
    }
    assertCounted(new int[] {4, 5, 3}, of(GlobalAveragePooling2D.class));
    assertCounted(new int[] {7, 3}, of(GlobalAveragePooling1D.class));
    for (boolean bias : new boolean[] {true, false}) {
      assertCounted(new int[] {6}, of(Dense.class, "units", 4, "useBias", bias));
      assertCounted(new int[] {6}, of(Dense.class, "units", 4, "useBias", bias,
          "activation", Activation.SIGMOID));
      assertCounted(new int[] {6}, of(Maxout.class, "units", 3, "pieces", 4, "useBias", bias));
    }
    assertEquals(0L, flops(new int[] {6}, of(Dropout.class, "value", 0.5)));
    assertEquals(0L, flops(new int[] {2, 3}, of(Flatten.class)));
  }

  @Test
  void samePoolingCountsOnlyTheCellsItsWindowsRead() {
    // Length 5, pool 2, stride 2, SAME: windows [0, 2), [2, 4), [4, 5): 5 reads a channel,
    // not 3 windows x 2. An image 3x3, pool 2: 3 reads a row by 3 a column.
    assertEquals(15L, flops(new int[] {5, 3},
        of(MaxPooling1D.class, "poolSize", 2, "padding", Padding.SAME)));
    assertEquals(18L, flops(new int[] {3, 3, 2},
        of(AveragePooling2D.class, "poolSize", new int[] {2}, "padding", Padding.SAME)));
  }

  // ---- memory: a training step's arrays, worked out by hand ----

  @Test
  void memoryOfAnMlpWithDropoutAndAFusedOutput() {
    // Batch 10, 4 bytes a value. Per sample: input 4, targets 2; hidden (relu, in place: no
    // pre-activation or its gradient) output, gradient: 2 x 3; dropout mask, output, gradient: 3 x 3; output
    // (softmax, fused with the loss: no output gradient) pre-activation, its gradient, output:
    // 3 x 2. State: 23 parameters x (value, gradient, 2 moments).
    ModelIR mlp = checked(model(new int[] {4}, "loss", Loss.CATEGORICAL_CROSSENTROPY,
            "batchSize", 10), false,
        layer("hidden", of(Dense.class, "units", 3, "activation", Activation.RELU)),
        layer("dropout", of(Dropout.class, "value", 0.5)),
        layer("output", of(Dense.class, "units", 2, "activation", Activation.SOFTMAX)));
    ModelCost cost = ModelCost.of(mlp);
    assertEquals(List.of(480L, 360L, 368L), bytesOfEachLayer(cost));
    assertEquals(List.of(240L, 0L, 128L), stateOfEachLayer(cost));
    assertEquals(240L, cost.inputBytes());
    assertEquals(6 * 40 + 6 * 40 + 9 * 40 + 6 * 40, cost.batchBytes());
    assertEquals(92L, cost.parameterBytes());
    assertEquals(92L, cost.gradientBytes());
    assertEquals(184L, cost.optimizerBytes());
    assertEquals(1_448L, cost.trainingBytes());
    assertEquals(0L, cost.im2colBytes());
    assertFalse(cost.hasConvolutions());
    assertEquals(cost.trainingBytes(), cost.oneDnnTrainingBytes());
    // FLOPs: hidden 2 x 4 x 3 + 3 + 3, output 2 x 3 x 2 + 2 + 2.
    assertEquals(List.of(30L, 0L, 16L), flopsOfEachLayer(cost));
    assertEquals(46L, cost.forwardFlops());
    assertEquals(List.of("hidden", "output", "dropout"), names(cost.largestByMemory(3)));
    assertEquals(List.of("hidden", "output"), names(cost.largestByMemory(2)));
    assertEquals(List.of("hidden", "output"), names(cost.largestByParameters(3)));
    assertEquals(List.of("hidden"), names(cost.largestByParameters(1)));
  }

  @Test
  void layersBeforeTheFirstWeightsKeepNoGradients() {
    // Batch 2. Per sample: input 32, targets 1; pool output 8 (nothing before the dense layer
    // learns, so no gradient); flatten is a view; dense (linear, mean squared error) output and
    // gradient 2. State: 9 parameters x 4 arrays.
    ModelIR model = checked(model(new int[] {4, 4, 2}, "batchSize", 2), false,
        layer("pool", of(MaxPooling2D.class, "poolSize", new int[] {2})),
        layer("flatten", of(Flatten.class)),
        layer("output", of(Dense.class, "units", 1)));
    ModelCost cost = ModelCost.of(model);
    assertEquals(List.of(64L, 0L, 16L + 144L), bytesOfEachLayer(cost));
    assertEquals(264L, cost.inputBytes());
    assertEquals(488L, cost.trainingBytes());
    // pool: 2 x 2 x 2 outputs of 4 reads; dense 2 x 8 + 1.
    assertEquals(List.of(32L, 0L, 17L), flopsOfEachLayer(cost));
  }

  @Test
  void memoryOfASeriesConvnetWithMaxoutAndASigmoidOutput() {
    // Batch 1. Per sample: input 10, targets 1. conv (5x3, tanh): pre-activation, its gradient,
    // output, gradient 4 x 15, im2col 5 cells x (3 x 2); pool (3x3): output, gradient 2 x 9;
    // maxout: dense part and its gradient 2 x 6, output and gradient 2 x 2; output (sigmoid,
    // fused with binary cross-entropy): 3 x 1. Parameters 21 + 60 + 3.
    ModelIR model = checked(model(new int[] {5, 2}, "loss", Loss.BINARY_CROSSENTROPY,
            "batchSize", 1), false,
        layer("conv", of(Conv1D.class, "filters", 3, "kernelSize", 3, "padding", Padding.SAME,
            "activation", Activation.TANH)),
        layer("pool", of(MaxPooling1D.class, "poolSize", 2, "padding", Padding.SAME)),
        layer("flatten", of(Flatten.class)),
        layer("maxout", of(Maxout.class, "units", 2, "pieces", 3)),
        layer("output", of(Dense.class, "units", 1, "activation", Activation.SIGMOID)));
    ModelCost cost = ModelCost.of(model);
    assertEquals(List.of(90L * 4 + 21 * 16, 18L * 4, 0L, 16L * 4 + 60 * 16, 3L * 4 + 3 * 16),
        bytesOfEachLayer(cost));
    assertEquals(44L, cost.inputBytes());
    assertEquals(552L + 84 * 16, cost.trainingBytes());
    assertEquals(120L, cost.im2colBytes());
    assertTrue(cost.hasConvolutions());
    // oneDNN: the 5x2 input's 40 bytes in place of im2col's 120.
    assertEquals(552L + 84 * 16 - 120 + 40, cost.oneDnnTrainingBytes());
    // conv 15 x 2 x 6 + 15 + 15; pool 3 channels x 5 reads; maxout 2 x 9 x 6 + 6 + 6;
    // output 2 x 2 + 1 + 1.
    assertEquals(List.of(210L, 15L, 0L, 120L, 6L), flopsOfEachLayer(cost));
    assertEquals(351L, cost.forwardFlops());
  }

  @Test
  void memoryOfAnImageConvnetWithoutBiasOrActivation() {
    // Batch 3. Per sample: input 9, targets 1; conv (3x3x2, linear: no pre-activation) output
    // and gradient 2 x 18, im2col 9 cells x 4; pool (2x2x2) 2 x 8; global 2 x 2; output
    // (linear, mean squared error) 2 x 1. Parameters 8 + 3.
    ModelIR model = checked(model(new int[] {3, 3, 1}, "batchSize", 3), false,
        layer("conv", of(Conv2D.class, "filters", 2, "kernelSize", new int[] {2},
            "padding", Padding.SAME, "useBias", false)),
        layer("pool", of(AveragePooling2D.class, "poolSize", new int[] {2},
            "padding", Padding.SAME)),
        layer("global", of(GlobalAveragePooling2D.class)),
        layer("output", of(Dense.class, "units", 1)));
    ModelCost cost = ModelCost.of(model);
    assertEquals(List.of(72L * 12 + 8 * 16, 16L * 12, 4L * 12, 2L * 12 + 3 * 16),
        bytesOfEachLayer(cost));
    assertEquals(1_248L + 11 * 16, cost.trainingBytes());
    assertEquals(432L, cost.im2colBytes());
    assertEquals(1_248L + 11 * 16 - 432 + 108, cost.oneDnnTrainingBytes());
    // conv 18 x 2 x 4; pool 2 channels x 3 x 3 reads; global 8; output 2 x 2 + 1.
    assertEquals(List.of(144L, 18L, 8L, 5L), flopsOfEachLayer(cost));
  }

  @Test
  void tiesKeepTheLayerOrder() {
    ModelIR model = checked(model(new int[] {2}), false,
        layer("a", of(Dense.class, "units", 2)),
        layer("b", of(Dense.class, "units", 2)),
        layer("c", of(Dense.class, "units", 2)));
    ModelCost cost = ModelCost.of(model);
    assertEquals(List.of("a", "b"), names(cost.largestByParameters(2)));
    assertEquals(List.of("a", "b", "c"), names(cost.largestByMemory(3)));
  }

  // ---- the counted forward pass ----

  /** The first layer's FLOPs from the processor equal {@link #countedFlops}'s. */
  private static void assertCounted(int[] input, Annotation annotation) {
    ModelIR model = checked(model(input), true, layer("layer", annotation));
    LayerIR layer = model.layers().get(0);
    assertEquals(countedFlops(layer), ModelCost.of(model).layers().get(0).flops(),
        () -> annotation + " on " + layer.input());
  }

  private static long flops(int[] input, Annotation annotation) {
    ModelIR model = checked(model(input), true, layer("layer", annotation));
    return ModelCost.of(model).layers().get(0).flops();
  }

  /**
   * The operations of a naive forward pass through {@code layer}, one by one: 2 per
   * multiply-add (convolutions multiply SAME padding's zeros too, as im2col does), 1 per bias
   * add, 1 per value a non-linear activation makes, 1 per input value a pooling window or
   * maxout group reads (a pooling window reads no padding).
   */
  private static long countedFlops(LayerIR layer) {
    long count = 0;
    if (layer instanceof DenseLayer d) {
      for (int u = 0; u < d.units(); u++) {
        for (int i = 0; i < d.input().size(); i++) {
          count += 2;
        }
        count += (d.useBias() ? 1 : 0) + (d.activation() == Activation.LINEAR ? 0 : 1);
      }
    } else if (layer instanceof MaxoutLayer m) {
      for (int u = 0; u < m.units(); u++) {
        for (int p = 0; p < m.pieces(); p++) {
          for (int i = 0; i < m.input().size(); i++) {
            count += 2;
          }
          count += m.useBias() ? 1 : 0;
          count += 1;
        }
      }
    } else if (layer instanceof ConvLayer c) {
      int[] out = imageOf(c.output().dims());
      for (int y = 0; y < out[0]; y++) {
        for (int x = 0; x < out[1]; x++) {
          for (int f = 0; f < c.filters(); f++) {
            for (int i = 0; i < c.kernelHeight() * c.kernelWidth() * c.inputChannels(); i++) {
              count += 2;
            }
            count += (c.useBias() ? 1 : 0) + (c.activation() == Activation.LINEAR ? 0 : 1);
          }
        }
      }
    } else if (layer instanceof PoolLayer p) {
      int[] in = imageOf(p.input().dims());
      int[] out = imageOf(p.output().dims());
      int top = padBefore(in[0], out[0], p.poolHeight(), p.strideHeight(), p.padding());
      int left = padBefore(in[1], out[1], p.poolWidth(), p.strideWidth(), p.padding());
      for (int y = 0; y < out[0]; y++) {
        for (int x = 0; x < out[1]; x++) {
          for (int c = 0; c < in[2]; c++) {
            for (int i = 0; i < p.poolHeight(); i++) {
              for (int j = 0; j < p.poolWidth(); j++) {
                int row = y * p.strideHeight() - top + i;
                int column = x * p.strideWidth() - left + j;
                if (row >= 0 && row < in[0] && column >= 0 && column < in[1]) {
                  count++;
                }
              }
            }
          }
        }
      }
    } else if (layer instanceof GlobalPoolLayer g) {
      count = g.input().size();
    }
    return count;
  }

  /** TensorFlow's SAME rule: the padding a window needs, half of it (rounded down) before. */
  private static int padBefore(int length, int out, int window, int stride, Padding padding) {
    return padding == Padding.VALID ? 0 : Math.max((out - 1) * stride + window - length, 0) / 2;
  }

  /** {height, width, channels} of an image or of a series as an image of height 1. */
  private static int[] imageOf(List<Integer> dims) {
    return dims.size() == 3
        ? new int[] {dims.get(0), dims.get(1), dims.get(2)}
        : new int[] {1, dims.get(0), dims.get(1)};
  }

  private static LayerIR only(int[] input, Annotation annotation) {
    return checked(model(input), true, layer("layer", annotation)).layers().get(0);
  }

  private static List<Long> bytesOfEachLayer(ModelCost cost) {
    return cost.layers().stream().map(LayerCost::bytes).toList();
  }

  private static List<Long> stateOfEachLayer(ModelCost cost) {
    return cost.layers().stream().map(LayerCost::stateBytes).toList();
  }

  private static List<Long> flopsOfEachLayer(ModelCost cost) {
    return cost.layers().stream().map(LayerCost::flops).toList();
  }

  private static List<String> names(List<LayerCost> layers) {
    return layers.stream().map(l -> l.layer().name()).toList();
  }
}
