package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dendrite.Network;
import dev.dendrite.runtime.Normalization;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch and layer normalization against PyTorch in float64 (src/test/torch-fixtures makes
 * {@code torch/normalization.json}): the kernels' outputs, input and parameter gradients and
 * moving statistics, and a generated network's loss and gradients, each to 1e-6.
 */
class NormalizationTorchTest {
  private static final double TOLERANCE = 1e-6;
  private static JsonNode fixtures;

  static synchronized JsonNode fixtures() throws IOException {
    if (fixtures == null) {
      try (InputStream in = NormalizationTorchTest.class
          .getResourceAsStream("/torch/normalization.json")) {
        assertNotNull(in, "torch/normalization.json");
        fixtures = new ObjectMapper().readTree(in);
      }
    }
    return fixtures;
  }

  static List<String> cases() throws IOException {
    List<String> names = new ArrayList<>();
    fixtures().get("cases").forEach(c -> names.add(c.get("name").asText()));
    return names;
  }

  private static JsonNode fixture(String name) throws IOException {
    return StreamSupport.stream(fixtures().get("cases").spliterator(), false)
        .filter(c -> c.get("name").asText().equals(name)).findFirst().orElseThrow();
  }

  private static INDArray array(JsonNode values, long... shape) {
    if (values == null || values.isNull()) {
      return null;
    }
    double[] data = new double[values.size()];
    for (int i = 0; i < data.length; i++) {
      data[i] = values.get(i).asDouble();
    }
    return Nd4j.createFromArray(data).reshape('c', shape.length == 0 ? new long[] {data.length}
        : shape);
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

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void kernelsMatchPyTorch(String name) throws IOException {
    JsonNode c = fixture(name);
    long[] shape = StreamSupport.stream(c.get("shape").spliterator(), false)
        .mapToLong(JsonNode::asLong).toArray();
    int channels = (int) shape[shape.length - 1];
    INDArray x = array(c.get("x"), shape);
    INDArray gamma = array(c.get("gamma"));
    INDArray beta = array(c.get("beta"));
    INDArray dy = array(c.get("dy"), shape);
    INDArray y = x.ulike();
    INDArray xHat = x.ulike();
    INDArray dx = x.ulike();
    INDArray gammaGrad = gamma == null ? null : gamma.ulike();
    INDArray betaGrad = beta == null ? null : beta.ulike();
    double epsilon = c.get("epsilon").asDouble();
    if (c.get("kind").asText().equals("batch")) {
      INDArray movingMean = array(c.get("moving_mean"));
      INDArray movingVariance = array(c.get("moving_variance"));
      INDArray inference = x.ulike();
      Normalization.batchNormInference(x, gamma, beta, movingMean, movingVariance, epsilon,
          inference);
      assertClose(c.get("inference"), inference, "inference output");
      INDArray mean = Nd4j.create(DataType.DOUBLE, channels);
      INDArray inv = Nd4j.create(DataType.DOUBLE, channels);
      Normalization.batchNormTraining(x, gamma, beta, movingMean, movingVariance,
          c.get("momentum").asDouble(), epsilon, mean, inv, xHat, y);
      Normalization.batchNormBackward(dy, xHat, inv, gamma, gammaGrad, betaGrad, dx);
      assertClose(c.get("moving_mean_after"), movingMean, "moving mean");
      assertClose(c.get("moving_variance_after"), movingVariance, "moving variance");
    } else {
      INDArray inv = Nd4j.create(DataType.DOUBLE, x.length() / channels);
      Normalization.layerNorm(x, gamma, beta, epsilon, inv, xHat, y);
      Normalization.layerNormBackward(dy, xHat, inv, gamma, gammaGrad, betaGrad, dx);
    }
    assertClose(c.get("y"), y, "output");
    assertClose(c.get("dx"), dx, "input gradient");
    if (gamma != null) {
      assertClose(c.get("dgamma"), gammaGrad, "gamma gradient");
    }
    if (beta != null) {
      assertClose(c.get("dbeta"), betaGrad, "beta gradient");
    }
  }

  /** Dense -> BatchNormalization -> Dense tanh -> Dense softmax, through generated code. */
  @Test
  void generatedNetworkMatchesPyTorch() throws IOException {
    JsonNode n = fixtures().get("network");
    Network network = new NormalizationModels_DenseBatchNormNetwork(1, DataType.DOUBLE);
    Map<String, INDArray> weights = new LinkedHashMap<>();
    n.get("weights").fields().forEachRemaining(e -> weights.put(e.getKey(),
        array(e.getValue(), network.parameters().get(e.getKey()).shape())));
    network.setParameters(weights);
    INDArray x = array(n.get("x"), n.get("samples").asLong(), n.get("features").asLong());
    INDArray y = array(n.get("targets"), n.get("samples").asLong(), 3);

    double loss = network.computeGradients(x, y);

    assertEquals(n.get("loss").asDouble(), loss, TOLERANCE, "loss");
    n.get("gradients").fields().forEachRemaining(e -> assertClose(e.getValue(),
        network.gradients().get(e.getKey()), e.getKey() + " gradient"));
    assertClose(n.get("moving_mean_after"), network.state().get("norm.moving_mean"),
        "moving mean");
    assertClose(n.get("moving_variance_after"), network.state().get("norm.moving_variance"),
        "moving variance");
  }
}
