package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Dataset;
import dev.dendrite.Evaluation;
import dev.dendrite.Network;
import dev.dendrite.io.Weights;
import dev.dendrite.report.Evaluator;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The residual convnet learns on a slice of MNIST; its summary and files say it branches. */
class ResidualExamplesTest {
  @TempDir Path dir;

  @Test
  void residualConvnetLearnsDigitsFromTwoThousandImages() {
    Evaluation result = trained(3);

    // seeds 1-8 give 0.851, 0.850, 0.835, 0.837, 0.846, 0.823, 0.829, 0.841: the threshold
    // keeps 0.023 below the lowest, room for any change of summation order
    assertTrue(result.metric() >= 0.80, result.toString());
  }

  /** Two epochs on 2,000 digits in order, batch 32, evaluated on 1,000 test digits. */
  static Evaluation trained(long seed) {
    Dataset train = Mnist.train(2000);
    Network network = new MnistResidualNetwork(seed);
    int batch = 32;
    INDArray x = Nd4j.create(DataType.FLOAT, batch, train.featureSize());
    INDArray y = Nd4j.create(DataType.FLOAT, batch, train.targetSize());
    for (int epoch = 0; epoch < 2; epoch++) {
      for (int from = 0; from + batch <= train.size(); from += batch) {
        train.copyBatch(null, from, batch, x, y);
        network.fit(x, y);
      }
    }
    return Evaluator.evaluate(network, Mnist.test(1000));
  }

  @Test
  void summaryShowsWhatTheAddIsConnectedTo() {
    String summary = MnistResidualNetwork.SUMMARY;
    assertTrue(summary.contains("Connected to"), summary);
    assertTrue(summary.contains(" residual (Add) ") && summary.contains("block2, pool1\n"),
        summary);
    // conv1 160, block1 and block2 2,320 each, output 5,770; the Add has none
    assertEquals(160 + 2_320 + 2_320 + 5_770, MnistResidualNetwork.SPEC.parameters());
  }

  /** Keras files of it: FunctionalKerasTest. */
  @Test
  void safetensorsOfABranchingModelRoundTrip() {
    Network network = new MnistResidualNetwork();
    // safetensors hold parameters by name, whatever the model's shape
    Weights.save(network, dir.resolve("residual.safetensors"));
    Network loaded = new MnistResidualNetwork(5);
    Weights.load(loaded, dir.resolve("residual.safetensors"));
    assertEquals(network.parameters(), loaded.parameters());
  }
}
