package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Loss;
import dev.dendrite.Network;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Branching and residual models: the generated backward pass, which sums the gradients of a
 * layer read by several, against central differences in double. Convolutional ones at a batch
 * on each side of the native kernels' threshold (8); and float gradients against double ones.
 */
class ResidualGradientCheckTest {

  static Stream<Arguments> networks() {
    return Stream.of(
        Arguments.of("residual dense block", (Factory) ResidualModels_DenseResidualNetwork::new,
            6),
        Arguments.of("add of two branches of one layer, and of one layer twice",
            (Factory) ResidualModels_SharedBranchesNetwork::new, 6),
        Arguments.of("concatenate of three, one also read by another",
            (Factory) ResidualModels_ConcatenatedNetwork::new, 6),
        Arguments.of("residual conv block, SAME padding",
            (Factory) ResidualModels_ConvResidualNetwork::new, 6),
        Arguments.of("residual conv block, SAME padding",
            (Factory) ResidualModels_ConvResidualNetwork::new, 9),
        Arguments.of("flatten and global pooling of one conv, concatenated",
            (Factory) ResidualModels_ConvBranchesNetwork::new, 6),
        Arguments.of("flatten and global pooling of one conv, concatenated",
            (Factory) ResidualModels_ConvBranchesNetwork::new, 9),
        Arguments.of("the input added to a block and read by a side branch",
            (Factory) ResidualModels_InputShortcutNetwork::new, 6),
        Arguments.of("an image added to two convolutions of it",
            (Factory) ResidualModels_ConvInputShortcutNetwork::new, 9));
  }

  /** A generated network's (seed, data type) constructor. */
  interface Factory {
    Network create(long seed, DataType type);
  }

  @ParameterizedTest(name = "{0}, {2} samples")
  @MethodSource("networks")
  void analyticGradientsMatchCentralDifferences(String name, Factory factory, int samples) {
    Network network = factory.create(11, DataType.DOUBLE);
    Random random = new Random(3);
    INDArray x = features(network, samples, random);
    INDArray y = targets(network, samples, random);

    GradientCheck.Result worst = GradientCheck.run(network, x, y);

    assertEquals(network.spec().parameters(), worst.checked(), "every parameter checked");
    assertTrue(worst.passes(), () -> name + ": " + worst);
  }

  /**
   * The float network's gradients against the double one's from the same weights, inputs and
   * dropout masks, to GradientCheckTest's tolerance (2e-5 of the largest, plus 1e-7).
   */
  @ParameterizedTest(name = "{0}, {2} samples")
  @MethodSource("networks")
  void floatGradientsMatchDoubleGradients(String name, Factory factory, int samples) {
    Network exact = factory.create(11, DataType.DOUBLE);
    Network single = factory.create(11, DataType.FLOAT);
    Map<String, INDArray> weights = new LinkedHashMap<>();
    exact.parameters().forEach((k, v) -> weights.put(k, v.castTo(DataType.FLOAT)
        .castTo(DataType.DOUBLE)));
    exact.setParameters(weights);
    Map<String, INDArray> floats = new LinkedHashMap<>();
    weights.forEach((k, v) -> floats.put(k, v.castTo(DataType.FLOAT)));
    single.setParameters(floats);
    Random random = new Random(3);
    INDArray x = features(exact, samples, random).castTo(DataType.FLOAT).castTo(DataType.DOUBLE);
    INDArray y = targets(exact, samples, random).castTo(DataType.FLOAT).castTo(DataType.DOUBLE);

    exact.reseed(7);
    exact.computeGradients(x, y);
    single.reseed(7);
    single.computeGradients(x.castTo(DataType.FLOAT), y.castTo(DataType.FLOAT));

    for (Map.Entry<String, INDArray> e : exact.gradients().entrySet()) {
      INDArray expected = e.getValue();
      INDArray actual = single.gradients().get(e.getKey()).castTo(DataType.DOUBLE);
      double scale = expected.amaxNumber().doubleValue();
      double error = actual.sub(expected).amaxNumber().doubleValue();
      assertTrue(error <= 2e-5 * scale + 1e-7,
          () -> name + ": " + e.getKey() + " differs by " + error + " at scale " + scale);
    }
  }

  private static INDArray features(Network network, int samples, Random random) {
    INDArray x = Nd4j.create(DataType.DOUBLE, samples, network.spec().inputSize());
    for (long i = 0; i < x.length(); i++) {
      x.putScalar(i, random.nextGaussian());
    }
    return x;
  }

  private static INDArray targets(Network network, int samples, Random random) {
    INDArray y = Nd4j.create(DataType.DOUBLE, samples, network.spec().outputs());
    for (int r = 0; r < samples; r++) {
      if (network.spec().loss() == Loss.CATEGORICAL_CROSSENTROPY) {
        y.putScalar(r, random.nextInt(network.spec().outputs()), 1.0);
      } else {
        for (int c = 0; c < network.spec().outputs(); c++) {
          y.putScalar(r, c, random.nextGaussian());
        }
      }
    }
    return y;
  }
}
