package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Activation;
import dev.dendrite.runtime.Recurrent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The recurrent kernels against PyTorch in float64: outputs and gradients of SimpleRNN, LSTM and
 * GRU, last state and every state, from the fixture {@code torch/rnn.txt} that
 * {@code src/test/torch-fixtures/rnn_fixtures.py} wrote (weights in Keras' layouts).
 */
class RecurrentTorchTest {
  private static final double TOLERANCE = 1e-6;
  private static final Activation TANH = Activation.TANH;
  private static final Activation SIGMOID = Activation.SIGMOID;

  record Case(String name, Map<String, INDArray> arrays) {
    INDArray get(String key) {
      return arrays.get(key);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() throws IOException {
    List<Case> cases = new ArrayList<>();
    try (InputStream in = RecurrentTorchTest.class.getResourceAsStream("/torch/rnn.txt")) {
      String name = null;
      Map<String, INDArray> arrays = null;
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.startsWith("#") || line.isBlank()) {
          continue;
        }
        if (line.startsWith("case ")) {
          if (name != null) {
            cases.add(new Case(name, arrays));
          }
          name = line.substring("case ".length());
          arrays = new LinkedHashMap<>();
          continue;
        }
        String[] parts = line.split(" ");
        long[] shape = Arrays.stream(parts[1].split(",")).mapToLong(Long::parseLong).toArray();
        double[] values = Arrays.stream(parts, 2, parts.length)
            .mapToDouble(Double::parseDouble).toArray();
        arrays.put(parts[0], Nd4j.create(values, shape, DataType.DOUBLE));
      }
      cases.add(new Case(name, arrays));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void outputsAndGradientsMatchPyTorch(Case c) {
    INDArray x = c.get("x");
    INDArray kernel = c.get("kernel");
    INDArray recurrent = c.get("recurrentKernel");
    INDArray bias = c.get("bias");
    long n = x.size(0);
    long steps = x.size(1);
    long units = recurrent.size(0);
    long gates = recurrent.size(1);
    INDArray gateValues = zeros(n, steps, gates);
    INDArray states = zeros(n, steps, units);
    INDArray extra = c.name().startsWith("LSTM") ? zeros(n, steps, units) : zeros(n, steps, gates);
    INDArray out = zeros(c.get("y").shape());
    INDArray gatesGrad = zeros(n, steps, gates);
    INDArray extraGrad = zeros(n, steps, gates);
    INDArray dh = zeros(n, units);
    INDArray dc = zeros(n, units);
    INDArray kernelGrad = zeros(kernel.shape());
    INDArray recurrentGrad = zeros(recurrent.shape());
    INDArray biasGrad = zeros(bias.shape());
    INDArray xGrad = zeros(x.shape());
    INDArray dy = c.get("dy");

    if (c.name().startsWith("SimpleRNN")) {
      Recurrent.simpleRnn(x, kernel, recurrent, bias, gateValues, states, out, TANH);
      Recurrent.simpleRnnBackward(x, kernel, recurrent, states, dy, gatesGrad, dh, kernelGrad,
          recurrentGrad, biasGrad, xGrad, TANH);
    } else if (c.name().startsWith("LSTM")) {
      Recurrent.lstm(x, kernel, recurrent, bias, gateValues, extra, states, out, TANH, SIGMOID);
      Recurrent.lstmBackward(x, kernel, recurrent, gateValues, extra, states, dy, gatesGrad, dh,
          dc, kernelGrad, recurrentGrad, biasGrad, xGrad, TANH, SIGMOID);
    } else {
      Recurrent.gru(x, kernel, recurrent, bias, gateValues, extra, states, out, TANH, SIGMOID);
      Recurrent.gruBackward(x, kernel, recurrent, gateValues, extra, states, dy, gatesGrad,
          extraGrad, dh, kernelGrad, recurrentGrad, biasGrad, xGrad, TANH, SIGMOID);
    }

    assertClose(c, "y", out);
    assertClose(c, "xGrad", xGrad);
    assertClose(c, "kernelGrad", kernelGrad);
    assertClose(c, "recurrentKernelGrad", recurrentGrad);
    assertClose(c, "biasGrad", biasGrad);
  }

  private static INDArray zeros(long... shape) {
    return Nd4j.zeros(DataType.DOUBLE, shape);
  }

  private static void assertClose(Case c, String key, INDArray actual) {
    INDArray expected = c.get(key);
    assertEquals(Arrays.toString(expected.shape()), Arrays.toString(actual.shape()), key);
    double error = actual.sub(expected).amaxNumber().doubleValue();
    assertTrue(error <= TOLERANCE, () -> c + ": " + key + " differs from PyTorch by " + error);
  }
}
