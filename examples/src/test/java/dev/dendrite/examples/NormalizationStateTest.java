package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Network;
import dev.dendrite.io.Weights;
import dev.dendrite.keras.KerasImport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch normalization's moving statistics: non-trainable state that training moves as Keras does,
 * that prediction uses, that the summary counts and that every file keeps.
 */
class NormalizationStateTest {
  @TempDir Path dir;

  private static INDArray batch(int rows, int columns, long seed) {
    Nd4j.getRandom().setSeed(seed);
    return Nd4j.randn(DataType.DOUBLE, rows, columns).muli(2).addi(1);
  }

  @Test
  void movingStatisticsAreStateNotParameters() {
    Network network = new NormalizationModels_DenseBatchNormNetwork();
    assertEquals(List.of("norm.moving_mean", "norm.moving_variance"),
        List.copyOf(network.state().keySet()));
    assertFalse(network.parameters().containsKey("norm.moving_mean"));
    assertFalse(network.gradients().containsKey("norm.moving_mean"));
    assertFalse(network.optimizerState().keySet().stream().anyMatch(k -> k.contains("moving")));
    assertEquals(List.of("hidden.kernel", "hidden.bias", "norm.gamma", "norm.beta",
        "norm.moving_mean", "norm.moving_variance", "hidden2.kernel", "hidden2.bias",
        "output.kernel", "output.bias"), List.copyOf(network.variables().keySet()));
    assertEquals(List.of("norm.gamma", "norm.beta", "norm.moving_mean", "norm.moving_variance"),
        NormalizationModels_DenseBatchNormNetwork.SPEC.layers().get(1).parameters());
    assertArrayEquals(new double[] {1, 1, 1, 1}, network.parameters().get("norm.gamma")
        .castTo(DataType.DOUBLE).toDoubleVector());
    assertArrayEquals(new double[] {1, 1, 1, 1}, network.state().get("norm.moving_variance")
        .castTo(DataType.DOUBLE).toDoubleVector());
  }

  /** One step: moving = moving * 0.99 + batch * 0.01, the batch's variance biased. */
  @Test
  void aTrainingStepMovesTheStatisticsAsKerasDoes() {
    Network network = new NormalizationModels_DenseBatchNormNetwork(5, DataType.DOUBLE);
    INDArray x = batch(8, 5, 1);
    INDArray y = Nd4j.zeros(DataType.DOUBLE, 8, 3);
    y.getColumn(0).assign(1);
    INDArray hidden = x.mmul(network.parameters().get("hidden.kernel"))
        .addRowVector(network.parameters().get("hidden.bias"));
    INDArray mean = hidden.mean(0);
    INDArray variance = hidden.var(false, 0);

    network.fit(x, y);

    assertArrayEquals(mean.mul(0.01).toDoubleVector(),
        network.state().get("norm.moving_mean").toDoubleVector(), 1e-12);
    assertArrayEquals(variance.mul(0.01).add(0.99).toDoubleVector(),
        network.state().get("norm.moving_variance").toDoubleVector(), 1e-12);
  }

  /** Prediction normalizes with the moving statistics; training with the batch's. */
  @Test
  void predictionUsesTheMovingStatistics() {
    Network network = new NormalizationModels_DenseBatchNormNetwork(5, DataType.DOUBLE);
    INDArray x = batch(8, 5, 2);
    INDArray y = Nd4j.zeros(DataType.DOUBLE, 8, 3);
    y.getColumn(1).assign(1);
    double fresh = network.loss(x, y, false);
    network.state().get("norm.moving_mean").assign(3);
    network.state().get("norm.moving_variance").assign(0.25);

    assertTrue(Math.abs(network.loss(x, y, false) - fresh) > 1e-3, "prediction changed");
    INDArray training = network.predict(x);
    network.state().get("norm.moving_mean").assign(-3);
    assertFalse(training.equalsWithEps(network.predict(x), 1e-6), "predict reads the state");
    double batchStatistics = network.loss(x, y, true);
    network.state().get("norm.moving_mean").assign(7);
    network.state().get("norm.moving_variance").assign(5);
    assertEquals(batchStatistics, network.loss(x, y, true), 1e-12,
        "training normalizes with the batch's statistics, whatever the moving ones");
  }

  @Test
  void theSummaryCountsTheMovingStatisticsAsNonTrainable() {
    String summary = MnistConvnetBatchNormNetwork.SUMMARY;
    assertTrue(summary.contains(" norm1 (BatchNormalization)  (None, 26, 26, 32)"), summary);
    assertTrue(summary.matches("(?s).*norm1 \\(BatchNormalization\\) +\\(None, 26, 26, 32\\) +128 .*"),
        summary);
    assertTrue(summary.contains("Total params: 35,210 (137.54 KB)"), summary);
    assertTrue(summary.contains("Trainable params: 35,018 (136.79 KB)"), summary);
    assertTrue(summary.contains("Non-trainable params: 192 (768.00 B)"), summary);
    assertEquals(35_018, MnistConvnetBatchNormNetwork.SPEC.parameters());
  }

  private static Network trained(long seed) {
    Network network = new NormalizationModels_CancerBatchNormNetwork(seed);
    INDArray x = batch(16, 30, seed).castTo(DataType.FLOAT);
    INDArray y = Nd4j.zeros(DataType.FLOAT, 16, 1);
    for (int i = 0; i < 3; i++) {
      network.fit(x, y);
    }
    return network;
  }

  @Test
  void everyWeightsFileKeepsTheMovingStatistics() {
    for (String name : List.of("cancer.safetensors", "cancer.weights.h5", "cancer.keras")) {
      Network a = trained(1);
      Path file = dir.resolve(name);
      Weights.save(a, file);
      Network b = new NormalizationModels_CancerBatchNormNetwork(2);

      Weights.load(b, file);

      for (Map.Entry<String, INDArray> e : a.variables().entrySet()) {
        assertEquals(e.getValue(), b.variables().get(e.getKey()), name + ": " + e.getKey());
      }
      INDArray x = batch(4, 30, 9).castTo(DataType.FLOAT);
      assertEquals(a.predict(x), b.predict(x), name);
    }
  }

  /** Layer normalization's gamma and beta go to Keras files in Keras' order and come back. */
  @Test
  void layerNormalizationGoesToKerasFilesAndBack() {
    assertEquals(List.of("norm.gamma"),
        NormalizationModels_ConvLayerNormNetwork.SPEC.layers().get(1).parameters());
    assertTrue(NormalizationModels_ConvLayerNormNetwork.SPEC.layers().get(1).kerasConfig()
        .contains("\"center\": false"));
    for (String name : List.of("norm.weights.h5", "norm.keras")) {
      Network a = new NormalizationModels_ConvLayerNormNetwork(1);
      a.parameters().get("norm.gamma").assign(Nd4j.linspace(DataType.FLOAT, 1, 3, 3));
      Path file = dir.resolve(name);
      Weights.save(a, file);
      Network b = new NormalizationModels_ConvLayerNormNetwork(2);

      Weights.load(b, file);

      assertEquals(a.parameters(), b.parameters(), name);
    }
  }

  /** The importer turns a .keras file of a model with batch normalization back into source. */
  @Test
  void aKerasArchiveImportsAsSourceWithTheState() {
    Network a = trained(1);
    Path file = dir.resolve("cancer.keras");
    Weights.save(a, file);

    KerasImport.Imported imported = KerasImport.importModel(file, "p", "Cancer");

    assertTrue(imported.source().contains("@BatchNormalization(momentum = 0.9) Layer norm;"),
        imported.source());
    assertEquals(List.of("hidden.kernel", "hidden.bias", "norm.gamma", "norm.beta",
        "norm.moving_mean", "norm.moving_variance", "malignant.kernel", "malignant.bias"),
        List.copyOf(imported.weights().keySet()));
    assertEquals(a.state().get("norm.moving_variance"),
        imported.weights().get("norm.moving_variance"));
  }

  @Test
  void resumingReproducesTheUninterruptedRunBitForBit() throws IOException {
    List<String> run = List.of("--train", "data/tabular/breast_cancer-train.csv",
        "--standardize");
    Path reference = dir.resolve("reference.safetensors");
    CheckpointTest.assertOk(Trainers.run(NormalizationModels_CancerBatchNormNetwork.SPEC,
        NormalizationModels_CancerBatchNormNetwork::new, args(run, "--epochs", "4", "--save",
            reference.toString())));
    Path checkpoint = dir.resolve("ck");
    CheckpointTest.assertOk(Trainers.run(NormalizationModels_CancerBatchNormNetwork.SPEC,
        NormalizationModels_CancerBatchNormNetwork::new, args(run, "--epochs", "2",
            "--checkpoint", checkpoint.toString())));
    Path resumed = dir.resolve("resumed.safetensors");
    CheckpointTest.assertOk(Trainers.run(NormalizationModels_CancerBatchNormNetwork.SPEC,
        NormalizationModels_CancerBatchNormNetwork::new, "--resume", checkpoint.toString(),
        "--epochs", "4", "--save", resumed.toString()));

    assertArrayEquals(Files.readAllBytes(reference), Files.readAllBytes(resumed));
    Network check = new NormalizationModels_CancerBatchNormNetwork();
    Weights.load(check, resumed);
    assertTrue(check.state().get("norm.moving_variance").minNumber().doubleValue() != 1,
        "the saved file holds trained moving statistics");
  }

  private static String[] args(List<String> base, String... more) {
    List<String> all = new java.util.ArrayList<>(base);
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  @Test
  void aTrainingStepAllocatesNothing() {
    AllocationTest.assertAllocatesNothing(new MnistConvnetBatchNormNetwork(), 8);
    AllocationTest.assertAllocatesNothing(new NormalizationModels_ConvLayerNormNetwork(), 8);
  }
}
