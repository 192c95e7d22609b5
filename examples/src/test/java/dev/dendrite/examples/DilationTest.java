package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dendrite.Network;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Dilated Conv2D and Conv1D through generated code: the backward pass against central
 * differences in double, at a batch on each side of the size where undilated convolutions
 * switch to oneDNN, and the loss and every gradient against PyTorch in float64
 * ({@code torch/dilated_conv.json}, from src/test/torch-fixtures/conv_fixtures.py) to 1e-6.
 */
class DilationTest {
  private static final double TOLERANCE = 1e-6;

  static Stream<Arguments> networks() {
    return Stream.of(6, 9).flatMap(samples -> Stream.of(
        Arguments.of("Dilated2d",
            (GradientCheckTest.Factory) DilationModels_Dilated2dNetwork::new, samples),
        Arguments.of("Dilated1d",
            (GradientCheckTest.Factory) DilationModels_Dilated1dNetwork::new, samples)));
  }

  @ParameterizedTest(name = "{0}, {2} samples")
  @MethodSource("networks")
  void analyticGradientsMatchCentralDifferences(String name, GradientCheckTest.Factory factory,
      int samples) {
    Network network = factory.create(11, DataType.DOUBLE);
    Random random = new Random(3);
    INDArray x = Nd4j.create(DataType.DOUBLE, samples, network.spec().inputSize());
    for (long i = 0; i < x.length(); i++) {
      x.putScalar(i, random.nextGaussian());
    }
    INDArray y = Nd4j.create(DataType.DOUBLE, samples, network.spec().outputs());
    for (int r = 0; r < samples; r++) {
      y.putScalar(r, random.nextInt(network.spec().outputs()), 1.0);
    }

    GradientCheck.Result worst = GradientCheck.run(network, x, y);

    assertEquals(network.spec().parameters(), worst.checked(), "every parameter checked");
    assertTrue(worst.passes(), () -> name + ": " + worst);
  }

  static Stream<Arguments> torchNetworks() {
    return Stream.of(
        Arguments.of("Dilated2d",
            (GradientCheckTest.Factory) DilationModels_Dilated2dNetwork::new),
        Arguments.of("Dilated1d",
            (GradientCheckTest.Factory) DilationModels_Dilated1dNetwork::new));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("torchNetworks")
  void lossAndGradientsMatchPyTorch(String name, GradientCheckTest.Factory factory)
      throws IOException {
    JsonNode n = fixture(name);
    Network network = factory.create(1, DataType.DOUBLE);
    Map<String, INDArray> weights = new LinkedHashMap<>();
    n.get("weights").fields().forEachRemaining(e -> weights.put(e.getKey(),
        array(e.getValue(), network.parameters().get(e.getKey()).shape())));
    assertEquals(network.parameters().keySet(), weights.keySet(), "the fixture's weights");
    network.setParameters(weights);
    long samples = n.get("samples").asLong();
    INDArray x = array(n.get("x"), samples, network.spec().inputSize());
    INDArray y = array(n.get("targets"), samples, 3);

    double loss = network.computeGradients(x, y);

    assertEquals(n.get("loss").asDouble(), loss, TOLERANCE, "loss");
    n.get("gradients").fields().forEachRemaining(e -> assertClose(e.getValue(),
        network.gradients().get(e.getKey()), name + " " + e.getKey() + " gradient"));
  }

  private static JsonNode fixture(String name) throws IOException {
    try (InputStream in = DilationTest.class.getResourceAsStream("/torch/dilated_conv.json")) {
      assertNotNull(in, "torch/dilated_conv.json");
      JsonNode all = new ObjectMapper().readTree(in);
      return StreamSupport.stream(all.get("networks").spliterator(), false)
          .filter(c -> c.get("name").asText().equals(name)).findFirst().orElseThrow();
    }
  }

  private static INDArray array(JsonNode values, long... shape) {
    double[] data = new double[values.size()];
    for (int i = 0; i < data.length; i++) {
      data[i] = values.get(i).asDouble();
    }
    return Nd4j.createFromArray(data).reshape('c', shape);
  }

  private static void assertClose(JsonNode expected, INDArray actual, String what) {
    assertEquals(expected.size(), actual.length(), what + " length");
    double worst = 0;
    for (int i = 0; i < expected.size(); i++) {
      worst = Math.max(worst, Math.abs(expected.get(i).asDouble() - actual.getDouble(i)));
    }
    double error = worst;
    assertTrue(error <= TOLERANCE, () -> what + " differs from PyTorch by " + error);
  }
}
