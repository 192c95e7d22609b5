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

/** Every activation, loss and layer: generated backward pass against central differences. */
class GradientCheckTest {
  private static final int SAMPLES = 6;

  static Stream<Arguments> networks() {
    return Stream.of(
        net("linear", GradientModels_LinearNetwork::new),
        net("relu", GradientModels_ReluNetwork::new),
        net("sigmoid", GradientModels_SigmoidNetwork::new),
        net("tanh", GradientModels_TanhNetwork::new),
        net("softmax (hidden)", GradientModels_SoftmaxNetwork::new),
        net("softsign", GradientModels_SoftsignNetwork::new),
        net("softplus", GradientModels_SoftplusNetwork::new),
        net("elu", GradientModels_EluNetwork::new),
        net("selu", GradientModels_SeluNetwork::new),
        net("leaky relu", GradientModels_LeakyReluNetwork::new),
        net("gelu", GradientModels_GeluNetwork::new),
        net("swish", GradientModels_SwishNetwork::new),
        net("hard sigmoid", GradientModels_HardSigmoidNetwork::new),
        net("exponential", GradientModels_ExponentialNetwork::new),
        net("categorical cross-entropy, sigmoid output",
            GradientModels_CrossentropySigmoidOutputNetwork::new),
        net("binary cross-entropy, fused", GradientModels_BinaryCrossentropyNetwork::new),
        net("binary cross-entropy, hard sigmoid",
            GradientModels_BinaryCrossentropyHardSigmoidNetwork::new),
        net("mean squared error", GradientModels_MeanSquaredErrorNetwork::new),
        net("mean absolute error", GradientModels_MeanAbsoluteErrorNetwork::new),
        net("huber", GradientModels_HuberNetwork::new),
        net("dropout", GradientModels_WithDropoutNetwork::new),
        net("dropout and flatten before the first dense", GradientModels_FlattenFirstNetwork::new),
        net("dense without bias", GradientModels_NoBiasNetwork::new),
        net("conv2d valid", GradientModels_Conv2dValidNetwork::new),
        net("conv2d same, strided; max pooling same",
            GradientModels_Conv2dSameStridedNetwork::new),
        net("conv2d stacked, no bias; average pooling same; global average pooling",
            GradientModels_StackedConv2dNetwork::new),
        net("conv1d same, strided; max pooling 1d", GradientModels_Conv1dSameStridedNetwork::new),
        net("conv1d stacked with dropout; average pooling 1d same; global average pooling 1d",
            GradientModels_StackedConv1dNetwork::new),
        net("pooling before the first conv", GradientModels_PoolFirstNetwork::new),
        net("truncated power", GradientModels_TruncatedPowerNetwork::new),
        net("absolute", GradientModels_AbsoluteNetwork::new),
        net("gaussian", GradientModels_GaussianNetwork::new),
        net("mexican hat", GradientModels_MexicanHatNetwork::new),
        net("polynomial, dense and conv", GradientModels_PolynomialNetwork::new),
        net("maxout first", GradientModels_MaxoutFirstNetwork::new),
        net("maxout after conv, no bias, stacked with dropout, one piece",
            GradientModels_MaxoutStackedNetwork::new));
  }

  private static Arguments net(String name, Factory factory) {
    return Arguments.of(name, factory);
  }

  /** A generated network's (seed, data type) constructor. */
  interface Factory {
    Network create(long seed, DataType type);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("networks")
  void analyticGradientsMatchCentralDifferences(String name, Factory factory) {
    Network network = factory.create(11, DataType.DOUBLE);
    Random random = new Random(3);
    INDArray x = Nd4j.create(DataType.DOUBLE, SAMPLES, network.spec().inputSize());
    for (long i = 0; i < x.length(); i++) {
      x.putScalar(i, random.nextGaussian());
    }
    INDArray y = targets(network.spec().loss(), network.spec().outputs(), random);

    GradientCheck.Result worst = GradientCheck.run(network, x, y);

    long parameters = network.spec().parameters();
    assertEquals(parameters, worst.checked(), "every parameter checked");
    assertTrue(worst.passes(), () -> name + ": " + worst);
  }

  private static INDArray targets(Loss loss, int outputs, Random random) {
    INDArray y = Nd4j.create(DataType.DOUBLE, SAMPLES, outputs);
    for (int r = 0; r < SAMPLES; r++) {
      switch (loss) {
        case CATEGORICAL_CROSSENTROPY -> y.putScalar(r, random.nextInt(outputs), 1.0);
        case BINARY_CROSSENTROPY -> y.putScalar(r, 0, random.nextInt(2));
        // spread wide enough that Huber sees errors on both sides of delta = 1
        default -> {
          for (int c = 0; c < outputs; c++) {
            y.putScalar(r, c, 2 * random.nextGaussian());
          }
        }
      }
    }
    return y;
  }

}
