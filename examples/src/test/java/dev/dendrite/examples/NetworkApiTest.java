package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Network;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
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

  @Test
  void dropoutScalesKeptUnitsWhileTrainingAndIsIdentityWhenPredicting() {
    Network network = new GradientModels_WithDropoutNetwork(3, DataType.DOUBLE);
    INDArray x = Nd4j.rand(DataType.DOUBLE, 200, 5);
    INDArray y = Nd4j.create(DataType.DOUBLE, 200, 3);
    y.getColumn(0).assign(1);

    double predicting1 = network.loss(x, y, false);
    double predicting2 = network.loss(x, y, false);
    double training1 = network.loss(x, y, true);
    double training2 = network.loss(x, y, true);

    assertEquals(predicting1, predicting2, "no randomness when predicting");
    assertTrue(training1 != training2, "a new mask every training step");
  }

  @Test
  void predictionsDoNotDependOnBatchComposition() {
    Network network = new IrisNetwork(4);
    INDArray batch = Nd4j.rand(DataType.FLOAT, 7, 4);

    INDArray all = network.predict(batch);
    INDArray one = network.predict(batch.getRow(3, true));

    assertTrue(all.getRow(3, true).equalsWithEps(one, 1e-6));
  }
}
