package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dendrite.Loss;
import dev.dendrite.Network;
import dev.dendrite.runtime.Convolutions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every activation, loss and layer: generated backward pass against central differences in
 * double, and float gradients against double ones. Models with convolution or pooling run at a
 * batch on each side of the size where libnd4j's ops take over from im2col + GEMM and loop
 * pooling. oneDNN runs those ops in float only (double takes libnd4j's own kernels), so oneDNN
 * is checked through the float comparison, against double gradients that central differences
 * checked at the same batch.
 */
class GradientCheckTest {
  /** Below Convolutions.NATIVE_MIN_BATCH (8): im2col + GEMM, pooling in loops. */
  private static final int LOOP_BATCH = 6;
  /** At or above it: convolution and pooling through libnd4j's ops (oneDNN in float). */
  private static final int NATIVE_BATCH = 9;
  /**
   * Float gradients against double ones from the same weights and inputs, per parameter:
   * {@code |float - double| <= FLOAT_RTOL * max |double| + FLOAT_ATOL}. Measured worst over all
   * models and both batches: 3.2e-6 relative (dropout's output bias, 6x margin); 1.5e-8
   * absolute where the double gradient is zero by cancellation (mean absolute error's output
   * bias, 7x margin).
   */
  private static final double FLOAT_RTOL = 2e-5;
  private static final double FLOAT_ATOL = 1e-7;

  /** A model, and whether its convolutions or pooling make the batch size choose the kernels. */
  private record Net(String name, Factory factory, boolean convolutional) {}

  private static List<Net> models() {
    return List.of(
        dense("linear", GradientModels_LinearNetwork::new),
        dense("relu", GradientModels_ReluNetwork::new),
        dense("sigmoid", GradientModels_SigmoidNetwork::new),
        dense("tanh", GradientModels_TanhNetwork::new),
        dense("softmax (hidden)", GradientModels_SoftmaxNetwork::new),
        dense("softsign", GradientModels_SoftsignNetwork::new),
        dense("softplus", GradientModels_SoftplusNetwork::new),
        dense("elu", GradientModels_EluNetwork::new),
        dense("selu", GradientModels_SeluNetwork::new),
        dense("leaky relu", GradientModels_LeakyReluNetwork::new),
        dense("gelu", GradientModels_GeluNetwork::new),
        dense("swish", GradientModels_SwishNetwork::new),
        dense("hard sigmoid", GradientModels_HardSigmoidNetwork::new),
        dense("exponential", GradientModels_ExponentialNetwork::new),
        dense("categorical cross-entropy, sigmoid output",
            GradientModels_CrossentropySigmoidOutputNetwork::new),
        dense("binary cross-entropy, fused", GradientModels_BinaryCrossentropyNetwork::new),
        dense("binary cross-entropy, hard sigmoid",
            GradientModels_BinaryCrossentropyHardSigmoidNetwork::new),
        dense("mean squared error", GradientModels_MeanSquaredErrorNetwork::new),
        dense("mean absolute error", GradientModels_MeanAbsoluteErrorNetwork::new),
        dense("huber", GradientModels_HuberNetwork::new),
        dense("dropout", GradientModels_WithDropoutNetwork::new),
        dense("dropout and flatten before the first dense",
            GradientModels_FlattenFirstNetwork::new),
        dense("dense without bias", GradientModels_NoBiasNetwork::new),
        conv("conv2d valid", GradientModels_Conv2dValidNetwork::new),
        conv("conv2d same, strided; max pooling same",
            GradientModels_Conv2dSameStridedNetwork::new),
        conv("conv2d stacked, no bias; average pooling same; global average pooling",
            GradientModels_StackedConv2dNetwork::new),
        conv("conv1d same, strided; max pooling 1d", GradientModels_Conv1dSameStridedNetwork::new),
        conv("conv1d stacked with dropout; average pooling 1d same; global average pooling 1d",
            GradientModels_StackedConv1dNetwork::new),
        conv("pooling before the first conv", GradientModels_PoolFirstNetwork::new),
        conv("average pooling valid, strides other than the pool",
            GradientModels_AveragePoolValidStridedNetwork::new),
        conv("max pooling with strides larger and smaller than the pool; same",
            GradientModels_MaxPoolStridedNetwork::new),
        conv("max pooling 1d same, strided; average pooling 1d valid, strided",
            GradientModels_Pool1dSameAndValidNetwork::new),
        conv("max pooling over a conv's relu, taking its gradient",
            GradientModels_ReluMaxPoolNetwork::new),
        conv("max pooling 1d over a conv1d's relu", GradientModels_ReluMaxPool1dNetwork::new),
        dense("truncated power", GradientModels_TruncatedPowerNetwork::new),
        dense("absolute", GradientModels_AbsoluteNetwork::new),
        dense("gaussian", GradientModels_GaussianNetwork::new),
        dense("mexican hat", GradientModels_MexicanHatNetwork::new),
        conv("polynomial, dense and conv", GradientModels_PolynomialNetwork::new),
        dense("maxout first", GradientModels_MaxoutFirstNetwork::new),
        conv("maxout after conv, no bias, stacked with dropout, one piece",
            GradientModels_MaxoutStackedNetwork::new),
        dense("simple rnn, last state", GradientModels_SimpleRnnLastNetwork::new),
        dense("simple rnn stacked: relu, sequences, no bias",
            GradientModels_SimpleRnnStackedNetwork::new),
        dense("lstm, last state", GradientModels_LstmLastNetwork::new),
        dense("lstm sequences; global average pooling 1d", GradientModels_LstmSequencesNetwork::new),
        dense("lstm stacked over conv1d: hard sigmoid gates, no bias",
            GradientModels_LstmStackedNetwork::new),
        dense("gru, last state", GradientModels_GruLastNetwork::new),
        dense("gru sequences; flatten", GradientModels_GruSequencesNetwork::new),
        dense("gru stacked over conv1d: relu, no bias", GradientModels_GruStackedNetwork::new),
        dense("activation layers: tanh, softmax", GradientModels_ActivationLayersNetwork::new),
        conv("reshape of a flat input to conv1d", GradientModels_ReshapeFlatNetwork::new),
        conv("reshape between conv1d layers; relu layer",
            GradientModels_ReshapeBetweenNetwork::new),
        conv("global max pooling 2d", GradientModels_GlobalMax2dNetwork::new),
        conv("global max pooling 1d", GradientModels_GlobalMax1dNetwork::new),
        conv("zero padding between convolutions", GradientModels_ZeroPadMiddleNetwork::new),
        conv("zero padding first", GradientModels_ZeroPadFirstNetwork::new));
  }

  /** Each model at the loop batch; convolutional ones at the native batch too. */
  static Stream<Arguments> networks() {
    return models().stream().flatMap(n -> (n.convolutional()
        ? IntStream.of(LOOP_BATCH, NATIVE_BATCH) : IntStream.of(LOOP_BATCH))
        .mapToObj(samples -> Arguments.of(n.name(), n.factory(), samples)));
  }

  /** Every model at both batch sizes. */
  static Stream<Arguments> networksAtBothBatches() {
    return models().stream().flatMap(n -> IntStream.of(LOOP_BATCH, NATIVE_BATCH)
        .mapToObj(samples -> Arguments.of(n.name(), n.factory(), samples)));
  }

  private static Net dense(String name, Factory factory) {
    return new Net(name, factory, false);
  }

  private static Net conv(String name, Factory factory) {
    return new Net(name, factory, true);
  }

  /** A generated network's (seed, data type) constructor. */
  interface Factory {
    Network create(long seed, DataType type);
  }

  /** The premise of the two batches: here the larger takes the native ops, the smaller loops. */
  @Test
  void theNativeBatchRunsOnOneDnnAndTheLoopBatchDoesNot() {
    assumeTrue(Nd4jCpu.Environment.getInstance().isUseONEDNN(), "this ND4J build has no oneDNN");
    long[] patches = {1};
    // the workspace of a first convolution is input-shaped exactly when oneDNN runs it
    assertArrayEquals(new long[] {NATIVE_BATCH, 3},
        Convolutions.workspace(DataType.DOUBLE, patches, NATIVE_BATCH, 3).shape());
    assertArrayEquals(patches,
        Convolutions.workspace(DataType.DOUBLE, patches, LOOP_BATCH, 3).shape());
  }

  @ParameterizedTest(name = "{0}, {2} samples")
  @MethodSource("networks")
  void analyticGradientsMatchCentralDifferences(String name, Factory factory, int samples) {
    Network network = factory.create(11, DataType.DOUBLE);
    Random random = new Random(3);
    INDArray x = features(samples, network.spec().inputSize(), random);
    INDArray y = targets(network.spec().loss(), samples, network.spec().outputs(), random);

    GradientCheck.Result worst = GradientCheck.run(network, x, y);

    long parameters = network.spec().parameters();
    assertEquals(parameters, worst.checked(), "every parameter checked");
    assertTrue(worst.passes(), () -> name + ": " + worst);
  }

  /**
   * The float network's analytic gradients against the double network's from the same weights,
   * inputs and dropout masks (all values floats, so both networks see exactly the same): the
   * float kernels (fused loops, SGEMM, oneDNN) compute the same gradients to float precision.
   */
  @ParameterizedTest(name = "{0}, {2} samples")
  @MethodSource("networksAtBothBatches")
  void floatGradientsMatchDoubleGradients(String name, Factory factory, int samples) {
    Network exact = factory.create(11, DataType.DOUBLE);
    Network single = factory.create(11, DataType.FLOAT);
    single.setParameters(cast(exact.parameters(), DataType.FLOAT));
    exact.setParameters(cast(single.parameters(), DataType.DOUBLE));
    Random random = new Random(3);
    INDArray x = features(samples, exact.spec().inputSize(), random)
        .castTo(DataType.FLOAT).castTo(DataType.DOUBLE);
    INDArray y = targets(exact.spec().loss(), samples, exact.spec().outputs(), random)
        .castTo(DataType.FLOAT).castTo(DataType.DOUBLE);

    exact.reseed(7);
    double exactLoss = exact.computeGradients(x, y);
    single.reseed(7);
    double singleLoss = single.computeGradients(x.castTo(DataType.FLOAT),
        y.castTo(DataType.FLOAT));

    assertEquals(exactLoss, singleLoss, FLOAT_RTOL * Math.abs(exactLoss) + FLOAT_ATOL, "loss");
    for (Map.Entry<String, INDArray> e : exact.gradients().entrySet()) {
      INDArray expected = e.getValue();
      INDArray actual = single.gradients().get(e.getKey()).castTo(DataType.DOUBLE);
      double scale = expected.amaxNumber().doubleValue();
      double error = actual.sub(expected).amaxNumber().doubleValue();
      assertTrue(scale > 0, () -> e.getKey() + " has a zero gradient: nothing compared");
      assertTrue(error <= FLOAT_RTOL * scale + FLOAT_ATOL,
          () -> name + ": " + e.getKey() + " differs by " + error + " at scale " + scale);
    }
  }

  private static Map<String, INDArray> cast(Map<String, INDArray> arrays, DataType type) {
    Map<String, INDArray> cast = new LinkedHashMap<>();
    arrays.forEach((k, v) -> cast.put(k, v.castTo(type)));
    return cast;
  }

  private static INDArray features(int samples, int size, Random random) {
    INDArray x = Nd4j.create(DataType.DOUBLE, samples, size);
    for (long i = 0; i < x.length(); i++) {
      x.putScalar(i, random.nextGaussian());
    }
    return x;
  }

  private static INDArray targets(Loss loss, int samples, int outputs, Random random) {
    INDArray y = Nd4j.create(DataType.DOUBLE, samples, outputs);
    for (int r = 0; r < samples; r++) {
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
