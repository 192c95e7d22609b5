package dev.dendrite.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Network;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Deeplearning4j as a second oracle: with identical weights and dropout off, Dendrite's
 * generated networks and DL4J's MultiLayerNetwork give the same loss and the same gradients
 * (M1, M2, M5 with batch normalization in training, M6's LSTM).
 */
class EquivalenceTest {
  /**
   * Relative to the largest value: both sides compute in double, in other orders. Measured worst
   * 1.3e-15 (conv1.bias; the MLP 3.1e-16, the losses 1.8e-16), so 80x margin.
   */
  private static final double TOLERANCE = 1e-13;
  private static final int BATCH = 16;

  @Test
  void seedMlpMatchesDl4j() {
    Network dendrite = new BenchModels_M1NoDropoutNetwork(5, DataType.DOUBLE);
    MultiLayerNetwork dl4j = Dl4jModels.m1(DataType.DOUBLE, false);
    String[] layers = {"hidden1", "hidden2", "output"};
    for (int i = 0; i < layers.length; i++) {
      copyDense(dendrite, dl4j, layers[i], i);
    }
    Nd4j.getRandom().setSeed(31);
    INDArray x = Nd4j.rand(DataType.DOUBLE, BATCH, 784);

    compare(dendrite, dl4j, x, x, layers, new int[] {0, 1, 2});
  }

  @Test
  void kerasConvnetMatchesDl4j() {
    Network dendrite = new BenchModels_M2NoDropoutNetwork(5, DataType.DOUBLE);
    MultiLayerNetwork dl4j = Dl4jModels.m2(DataType.DOUBLE, false);
    copyConv(dendrite, dl4j, "conv1", 0);
    copyConv(dendrite, dl4j, "conv2", 2);
    copyDense(dendrite, dl4j, "output", 4);
    Nd4j.getRandom().setSeed(31);
    INDArray x = Nd4j.rand(DataType.DOUBLE, BATCH, 784);

    compare(dendrite, dl4j, x, x.reshape('c', BATCH, 28, 28, 1),
        new String[] {"conv1", "conv2", "output"}, new int[] {0, 2, 4});
  }

  /**
   * M5's batch normalization in training: both normalize each channel with the batch's mean and
   * biased variance (Keras' epsilon 1e-3 given to DL4J), so gamma's and beta's gradients agree
   * too. DL4J's {@code 1_gamma} is Dendrite's {@code norm1.gamma}.
   */
  @Test
  void batchNormConvnetMatchesDl4j() {
    Network dendrite = new BenchModels_M5NoDropoutNetwork(5, DataType.DOUBLE);
    MultiLayerNetwork dl4j = Dl4jModels.m5(DataType.DOUBLE, false);
    copyConv(dendrite, dl4j, "conv1", 0);
    copyConv(dendrite, dl4j, "conv2", 3);
    copyDense(dendrite, dl4j, "output", 6);
    Nd4j.getRandom().setSeed(31);
    String[] norms = {"norm1", "norm2"};
    int[] normIndices = {1, 4};
    // gamma and beta away from their start (ones, zeros), so that a swap would show
    for (int i = 0; i < norms.length; i++) {
      for (String weight : new String[] {"gamma", "beta"}) {
        INDArray ours = dendrite.parameters().get(norms[i] + "." + weight);
        INDArray values = Nd4j.rand(DataType.DOUBLE, 1, ours.length()).addi(0.5);
        ours.assign(values.reshape(-1));
        dl4j.setParam(normIndices[i] + "_" + weight, values.dup());
      }
    }
    INDArray x = Nd4j.rand(DataType.DOUBLE, BATCH, 784);

    compare(dendrite, dl4j, x, x.reshape('c', BATCH, 28, 28, 1),
        new String[] {"conv1", "conv2", "output"}, new int[] {0, 3, 6});
    for (int i = 0; i < norms.length; i++) {
      for (String weight : new String[] {"gamma", "beta"}) {
        INDArray ours = dendrite.gradients().get(norms[i] + "." + weight);
        INDArray theirs =
            dl4j.gradient().getGradientFor(normIndices[i] + "_" + weight).div(BATCH);
        assertClose(ours, theirs.reshape(ours.shape()), norms[i] + "." + weight);
      }
    }
  }

  /**
   * M6's LSTM: DL4J's cell is Keras' (no peepholes), but its four gate blocks in the kernel's
   * columns are ordered block input, forget, output, input gate (its LSTMHelpers' "ifog" slices
   * 0, 1, 2, 3) where Keras orders i, f, c, o; the weights are copied and the gradients read
   * back through that permutation.
   */
  @Test
  void lstmMatchesDl4j() {
    Network dendrite = new BenchModels_M6Network(5, DataType.DOUBLE);
    MultiLayerNetwork dl4j = Dl4jModels.m6(DataType.DOUBLE);
    Nd4j.getRandom().setSeed(31);
    // a bias away from Keras' start (forget gate 1, others 0), so that a misplaced block shows
    dendrite.parameters().get("lstm.bias").assign(Nd4j.rand(DataType.DOUBLE, 256).subi(0.5));
    dl4j.setParam("0_W", toDl4jGates(dendrite.parameters().get("lstm.kernel")));
    dl4j.setParam("0_RW", toDl4jGates(dendrite.parameters().get("lstm.recurrentKernel")));
    dl4j.setParam("0_b", toDl4jGates(dendrite.parameters().get("lstm.bias").reshape(1, -1)));
    copyDense(dendrite, dl4j, "output", 1);
    INDArray x = Nd4j.rand(DataType.DOUBLE, BATCH, 128).subi(0.5).muli(4);

    double loss = lossAndGradients(dendrite, dl4j, x, x.reshape('c', BATCH, 128, 1));
    assertEquals(dl4j.score(), loss, TOLERANCE * Math.abs(loss), "loss");
    assertClose(dendrite.gradients().get("lstm.kernel"),
        toKerasGates(dl4j.gradient().getGradientFor("0_W")).div(BATCH), "lstm.kernel");
    assertClose(dendrite.gradients().get("lstm.recurrentKernel"),
        toKerasGates(dl4j.gradient().getGradientFor("0_RW")).div(BATCH),
        "lstm.recurrentKernel");
    assertClose(dendrite.gradients().get("lstm.bias"),
        toKerasGates(dl4j.gradient().getGradientFor("0_b").reshape(1, -1)).div(BATCH).reshape(-1),
        "lstm.bias");
    assertClose(dendrite.gradients().get("output.kernel"),
        dl4j.gradient().getGradientFor("1_W").div(BATCH), "output.kernel");
  }

  /** Keras' gate blocks i, f, c, o as DL4J's c, f, o, i. */
  private static INDArray toDl4jGates(INDArray keras) {
    return gates(keras, new int[] {2, 1, 3, 0});
  }

  /** DL4J's gate blocks c, f, o, i as Keras' i, f, c, o. */
  private static INDArray toKerasGates(INDArray dl4j) {
    return gates(dl4j, new int[] {3, 1, 0, 2});
  }

  /** Column block {@code j} of the result is column block {@code from[j]} of {@code m}. */
  private static INDArray gates(INDArray m, int[] from) {
    long units = m.size(1) / 4;
    INDArray out = Nd4j.create(m.dataType(), m.size(0), m.size(1));
    for (int j = 0; j < 4; j++) {
      out.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
          org.nd4j.linalg.indexing.NDArrayIndex.interval(j * units, (j + 1) * units))
          .assign(m.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
              org.nd4j.linalg.indexing.NDArrayIndex.interval(from[j] * units,
                  (from[j] + 1) * units)));
    }
    return out;
  }

  /** One-hot targets of the model's classes; Dendrite's loss, DL4J's gradients and score. */
  private static double lossAndGradients(Network dendrite, MultiLayerNetwork dl4j, INDArray x,
      INDArray xDl4j) {
    int classes = dendrite.spec().outputs();
    INDArray y = Nd4j.zeros(DataType.DOUBLE, BATCH, classes);
    Random random = new Random(3);
    for (int i = 0; i < BATCH; i++) {
      y.putScalar(i, random.nextInt(classes), 1.0);
    }
    double loss = dendrite.computeGradients(x, y);
    dl4j.setInput(xDl4j);
    dl4j.setLabels(y);
    dl4j.computeGradientAndScore();
    return loss;
  }

  private static void compare(Network dendrite, MultiLayerNetwork dl4j, INDArray x,
      INDArray xDl4j, String[] layers, int[] indices) {
    double loss = lossAndGradients(dendrite, dl4j, x, xDl4j);

    assertEquals(dl4j.score(), loss, TOLERANCE * Math.abs(loss), "loss");
    for (int i = 0; i < layers.length; i++) {
      // DL4J's raw gradients are sums over the batch; its updater divides by the batch size
      INDArray kernel = toKeras(dl4j.gradient().getGradientFor(indices[i] + "_W"))
          .div(BATCH);
      assertClose(dendrite.gradients().get(layers[i] + ".kernel"), kernel, layers[i] + ".kernel");
      INDArray bias = dl4j.gradient().getGradientFor(indices[i] + "_b").div(BATCH);
      INDArray ours = dendrite.gradients().get(layers[i] + ".bias");
      assertClose(ours, bias.reshape(ours.shape()), layers[i] + ".bias");
    }
  }

  private static void assertClose(INDArray expected, INDArray actual, String what) {
    double scale = expected.amaxNumber().doubleValue();
    double error = expected.sub(actual).amaxNumber().doubleValue();
    assertTrue(error <= TOLERANCE * scale, what + ": max difference " + error + " of " + scale);
  }

  private static void copyDense(Network dendrite, MultiLayerNetwork dl4j, String layer,
      int index) {
    dl4j.setParam(index + "_W", dendrite.parameters().get(layer + ".kernel").dup());
    dl4j.setParam(index + "_b", dendrite.parameters().get(layer + ".bias").reshape(1, -1).dup());
  }

  /** Keras' kernel {@code [kh, kw, in, out]} is DL4J's {@code [out, in, kh, kw]}. */
  private static void copyConv(Network dendrite, MultiLayerNetwork dl4j, String layer,
      int index) {
    INDArray kernel = dendrite.parameters().get(layer + ".kernel");
    dl4j.setParam(index + "_W", kernel.permute(3, 2, 0, 1).dup('c'));
    dl4j.setParam(index + "_b", dendrite.parameters().get(layer + ".bias").reshape(1, -1).dup());
  }

  /** A DL4J kernel gradient in Keras' layout. */
  private static INDArray toKeras(INDArray dl4jKernel) {
    return dl4jKernel.rank() == 4 ? dl4jKernel.permute(2, 3, 1, 0).dup('c') : dl4jKernel;
  }
}
