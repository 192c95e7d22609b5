package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Loss;
import dev.dendrite.Network;
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
 * on each side of the native kernels' threshold (8).
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
            (Factory) ResidualModels_ConvBranchesNetwork::new, 9));
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
    INDArray x = Nd4j.create(DataType.DOUBLE, samples, network.spec().inputSize());
    for (long i = 0; i < x.length(); i++) {
      x.putScalar(i, random.nextGaussian());
    }
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

    GradientCheck.Result worst = GradientCheck.run(network, x, y);

    assertEquals(network.spec().parameters(), worst.checked(), "every parameter checked");
    assertTrue(worst.passes(), () -> name + ": " + worst);
  }
}
