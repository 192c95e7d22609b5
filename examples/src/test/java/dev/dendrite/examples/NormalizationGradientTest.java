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
 * Batch and layer normalization: the generated backward pass against central differences in
 * double, in training mode (batch statistics inside the graph), at a batch on each side of the
 * size where convolutions change kernels.
 */
class NormalizationGradientTest {

  static Stream<Arguments> networks() {
    return Stream.of(6, 9).flatMap(samples -> Stream.of(
        Arguments.of("Dense -> BatchNormalization",
            (GradientCheckTest.Factory) NormalizationModels_DenseBatchNormNetwork::new, samples),
        Arguments.of("Conv2D -> BatchNormalization -> MaxPooling2D",
            (GradientCheckTest.Factory) NormalizationModels_ConvBatchNormNetwork::new, samples),
        Arguments.of("BatchNormalization first (no scale, no center); after Flatten",
            (GradientCheckTest.Factory) NormalizationModels_BatchNormFirstNetwork::new, samples),
        Arguments.of("Dense -> LayerNormalization",
            (GradientCheckTest.Factory) NormalizationModels_DenseLayerNormNetwork::new, samples),
        Arguments.of("Conv2D -> LayerNormalization (no center)",
            (GradientCheckTest.Factory) NormalizationModels_ConvLayerNormNetwork::new, samples)));
  }

  @ParameterizedTest(name = "{0}, {2} samples")
  @MethodSource("networks")
  void analyticGradientsMatchCentralDifferences(String name, GradientCheckTest.Factory factory,
      int samples) {
    Network network = factory.create(11, DataType.DOUBLE);
    Random random = new Random(3);
    // gamma and beta away from their starting values, so that the check sees them act
    network.parameters().forEach((key, value) -> {
      if (key.endsWith(".gamma") || key.endsWith(".beta")) {
        for (long i = 0; i < value.length(); i++) {
          value.putScalar(i, (key.endsWith(".gamma") ? 1 : 0) + 0.5 * random.nextGaussian());
        }
      }
    });
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
