package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Dense;
import dev.dendrite.Dropout;
import dev.dendrite.Layer;
import dev.dendrite.Loss;
import dev.dendrite.Model;
import dev.dendrite.Network;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The public surface of a generated network. */
class NetworkApiTest {

  @Test
  void specCarriesWhatTheCompilerInferred() {
    assertEquals("MnistMlp", MnistMlpNetwork.SPEC.name());
    assertEquals(List.of(784), MnistMlpNetwork.SPEC.inputShape());
    assertEquals(10, MnistMlpNetwork.SPEC.outputs());
    assertEquals(266_610, MnistMlpNetwork.SPEC.parameters());
    assertEquals(32, MnistMlpNetwork.SPEC.batchSize(), "Keras' default batch size");
  }

  @Test
  void parametersAreNamedByLayerWithKerasShapes() {
    Map<String, INDArray> p = new MnistMlpNetwork().parameters();

    assertEquals(List.of("hidden1.kernel", "hidden1.bias", "hidden2.kernel", "hidden2.bias",
        "output.kernel", "output.bias"), List.copyOf(p.keySet()));
    assertArrayEquals(new long[] {784, 300}, p.get("hidden1.kernel").shape());
    assertArrayEquals(new long[] {300}, p.get("hidden1.bias").shape());
    long total = p.values().stream().mapToLong(INDArray::length).sum();
    assertEquals(MnistMlpNetwork.SPEC.parameters(), total);
  }

  @Test
  void kernelsStartGlorotUniformAndBiasesAtZero() {
    INDArray kernel = new MnistMlpNetwork().parameters().get("hidden1.kernel");
    double limit = Math.sqrt(6.0 / (784 + 300));

    assertTrue(kernel.amaxNumber().doubleValue() <= limit);
    assertTrue(kernel.amaxNumber().doubleValue() > 0.95 * limit);
    assertEquals(0, kernel.meanNumber().doubleValue(), 0.01 * limit);
    // variance of U(-l, l) is l^2 / 3
    assertEquals(limit * limit / 3, kernel.varNumber().doubleValue(), 0.02 * limit * limit);
    assertEquals(0, new MnistMlpNetwork().parameters().get("hidden1.bias").sumNumber()
        .doubleValue());
  }

  @Test
  void setParametersCopiesValuesAndRejectsWrongShapesAndNames() {
    Network a = new IrisNetwork(1);
    Network b = new IrisNetwork(2);

    b.setParameters(a.parameters());
    assertEquals(a.parameters(), b.parameters());

    IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
        () -> b.setParameters(Map.of("hidden.kernel", Nd4j.create(DataType.FLOAT, 3, 16))));
    assertTrue(shape.getMessage().contains("[4, 16]"), shape.getMessage());
    IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
        () -> b.setParameters(Map.of("hiden.kernel", Nd4j.create(DataType.FLOAT, 4, 16))));
    assertTrue(name.getMessage().contains("hidden.kernel"), name.getMessage());
  }

  @Test
  void wrongFeatureWidthIsRejectedWithTheShapes() {
    Network network = new IrisNetwork();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> network.output(Nd4j.create(DataType.FLOAT, 2, 5)));
    assertTrue(e.getMessage().contains("[samples, 4]") && e.getMessage().contains("[2, 5]"),
        e.getMessage());
  }

  /** Dropout in front of a linear layer whose kernel is set to the identity: what it passes on. */
  @Model(input = 50, loss = Loss.MEAN_SQUARED_ERROR)
  static class DropoutProbe {
    @Dropout(0.4) Layer dropout;
    @Dense(units = 50, useBias = false) Layer identity;
  }

  @ParameterizedTest
  @EnumSource(names = {"DOUBLE", "FLOAT"})
  void dropoutScalesKeptUnitsWhileTrainingAndIsIdentityWhenPredicting(DataType type) {
    Network network = new NetworkApiTest_DropoutProbeNetwork(3, type);
    network.setParameters(Map.of("identity.kernel", Nd4j.eye(50).castTo(type)));
    Nd4j.getRandom().setSeed(17);
    INDArray x = Nd4j.rand(DataType.DOUBLE, 200, 50).addi(0.5).castTo(type);
    INDArray y = Nd4j.zeros(type, 200, 50);

    assertArrayEquals(values(x), values(network.output(x)), "identity when predicting");
    network.computeGradients(x, y);
    INDArray first = network.lastTrainingOutput().dup();
    network.computeGradients(x, y);
    INDArray second = network.lastTrainingOutput().dup();

    double scale = 1 / (1 - 0.4);
    long dropped = 0;
    for (long i = 0; i < x.length(); i++) {
      double in = x.getDouble(i);
      double out = first.getDouble(i);
      if (out == 0) {
        dropped++;
      } else {
        // kept units are scaled by 1 / (1 - rate), to the precision of the type
        assertEquals(in * scale, out, (type == DataType.DOUBLE ? 1e-15 : 1e-6) * in * scale,
            "element " + i);
      }
    }
    // 10000 draws of rate 0.4: 4000 dropped, standard deviation 49
    assertEquals(4000, dropped, 200, "dropped units");
    assertFalse(Arrays.equals(values(first), values(second)), "a new mask every training step");
    assertArrayEquals(values(x), values(network.output(x)), "training leaves prediction alone");
  }

  /** Every element, exactly, in row-major order. */
  private static double[] values(INDArray a) {
    return a.castTo(DataType.DOUBLE).dup('c').reshape(a.length()).toDoubleVector();
  }

  @Test
  void predictionsDoNotDependOnBatchComposition() {
    Network network = new IrisNetwork(4);
    Nd4j.getRandom().setSeed(19);
    INDArray batch = Nd4j.rand(DataType.FLOAT, 7, 4);

    INDArray all = network.predict(batch);
    INDArray one = network.predict(batch.getRow(3, true));

    assertTrue(all.getRow(3, true).equalsWithEps(one, 1e-6));
  }
}
