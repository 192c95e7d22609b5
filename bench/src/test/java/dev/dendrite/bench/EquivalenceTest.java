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
 * generated networks and DL4J's MultiLayerNetwork give the same loss and the same gradients.
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

  private static void compare(Network dendrite, MultiLayerNetwork dl4j, INDArray x,
      INDArray xDl4j, String[] layers, int[] indices) {
    INDArray y = Nd4j.zeros(DataType.DOUBLE, BATCH, 10);
    Random random = new Random(3);
    for (int i = 0; i < BATCH; i++) {
      y.putScalar(i, random.nextInt(10), 1.0);
    }
    double loss = dendrite.computeGradients(x, y);
    dl4j.setInput(xDl4j);
    dl4j.setLabels(y);
    dl4j.computeGradientAndScore();

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
