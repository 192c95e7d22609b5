package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Network;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A GRU over an Embedding against PyTorch in float64, through the generated network of
 * {@link EmbeddingModels.TorchGru}: its output, loss and the gradient at every weight, the
 * embeddings' included, from the fixture {@code torch/embedding.txt} that
 * {@code src/test/torch-fixtures/embedding_fixtures.py} wrote (weights in Keras' layouts).
 */
class EmbeddingTorchTest {
  private static final double TOLERANCE = 1e-6;

  @Test
  void outputLossAndGradientsMatchPyTorch() throws IOException {
    Map<String, INDArray> fixture = fixture();
    Network network = new EmbeddingModels_TorchGruNetwork(1, DataType.DOUBLE);
    Map<String, INDArray> weights = new LinkedHashMap<>();
    for (String name : network.parameters().keySet()) {
      weights.put(name, fixture.get(name));
    }
    network.setParameters(weights);

    double loss = network.computeGradients(fixture.get("ids"), fixture.get("targets"));

    assertEquals(fixture.get("loss").getDouble(0), loss, TOLERANCE, "loss");
    assertClose("output", fixture.get("output"), network.output(fixture.get("ids")));
    assertEquals(6, network.gradients().size());
    network.gradients().forEach((name, gradient) ->
        assertClose("gradient at " + name, fixture.get("grad:" + name), gradient));
    // token 6 is in no sample: its row has no gradient
    assertEquals(0, network.gradients().get("embedding.embeddings").getRow(6)
        .amaxNumber().doubleValue());
  }

  private static Map<String, INDArray> fixture() throws IOException {
    Map<String, INDArray> arrays = new LinkedHashMap<>();
    try (InputStream in = EmbeddingTorchTest.class.getResourceAsStream(
        "/torch/embedding.txt")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.startsWith("#") || line.isBlank()) {
          continue;
        }
        String[] parts = line.split(" ");
        long[] shape = Arrays.stream(parts[1].split(",")).mapToLong(Long::parseLong).toArray();
        double[] values = Arrays.stream(parts, 2, parts.length)
            .mapToDouble(Double::parseDouble).toArray();
        arrays.put(parts[0], Nd4j.create(values, shape, DataType.DOUBLE));
      }
    }
    return arrays;
  }

  private static void assertClose(String what, INDArray expected, INDArray actual) {
    assertEquals(Arrays.toString(expected.shape()), Arrays.toString(actual.shape()), what);
    double error = actual.sub(expected).amaxNumber().doubleValue();
    assertTrue(error <= TOLERANCE, () -> what + " differs from PyTorch by " + error);
  }
}
