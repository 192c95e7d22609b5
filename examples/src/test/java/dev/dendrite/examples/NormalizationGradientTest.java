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

  /**
   * The float network's gradients against the double network's from the same weights and
   * inputs (all floats), held to GradientCheckTest's tolerance: the float path normalizes as the
   * double one does, to float precision.
   */
  @ParameterizedTest(name = "{0}, {2} samples")
  @MethodSource("networks")
  void floatGradientsMatchDoubleGradients(String name, GradientCheckTest.Factory factory,
      int samples) {
    Network exact = factory.create(11, DataType.DOUBLE);
    Network single = factory.create(11, DataType.FLOAT);
    exact.parameters().forEach((key, value) -> {
      single.parameters().get(key).assign(value.castTo(DataType.FLOAT));
      value.assign(single.parameters().get(key).castTo(DataType.DOUBLE));
    });
    Random random = new Random(5);
    INDArray x = Nd4j.create(DataType.DOUBLE, samples, exact.spec().inputSize());
    for (long i = 0; i < x.length(); i++) {
      x.putScalar(i, (float) random.nextGaussian());
    }
    INDArray y = Nd4j.create(DataType.DOUBLE, samples, exact.spec().outputs());
    for (int r = 0; r < samples; r++) {
      y.putScalar(r, random.nextInt(exact.spec().outputs()), 1.0);
    }

    double exactLoss = exact.computeGradients(x, y);
    double singleLoss = single.computeGradients(x.castTo(DataType.FLOAT),
        y.castTo(DataType.FLOAT));

    assertEquals(exactLoss, singleLoss, 2e-5 * Math.abs(exactLoss) + 1e-7, "loss");
    exact.gradients().forEach((key, expected) -> {
      INDArray actual = single.gradients().get(key).castTo(DataType.DOUBLE);
      double scale = expected.amaxNumber().doubleValue();
      double error = actual.sub(expected).amaxNumber().doubleValue();
      assertTrue(error <= 2e-5 * scale + 1e-7,
          () -> name + ": " + key + " differs by " + error + " at scale " + scale);
    });
  }
}
