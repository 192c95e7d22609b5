package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Dataset;
import dev.dendrite.Evaluation;
import dev.dendrite.Network;
import dev.dendrite.report.Evaluator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The MNIST convnet with batch normalization after each convolution, trained as
 * {@link ConvExamplesTest#kerasConvnetTrained} trains it without: two epochs on 2,000 digits in
 * order, evaluated on 1,000 test digits.
 */
class NormalizationTest {

  @Test
  void batchNormalizedConvnetLearnsDigitsBetterThanWithoutIt() {
    Dataset train = Mnist.train(2000);
    Network network = new MnistConvnetBatchNormNetwork(3);
    int batch = 32;
    INDArray x = Nd4j.create(DataType.FLOAT, batch, train.featureSize());
    INDArray y = Nd4j.create(DataType.FLOAT, batch, train.targetSize());
    for (int epoch = 0; epoch < 2; epoch++) {
      for (int from = 0; from + batch <= train.size(); from += batch) {
        train.copyBatch(null, from, batch, x, y);
        network.fit(x, y);
      }
    }
    Evaluation result = Evaluator.evaluate(network, Mnist.test(1000));

    // seeds 1-8 give 0.9230, 0.9150, 0.9280, 0.9260, 0.9040, 0.9050, 0.9110, 0.9020, every one
    // above the same convnet without batch normalization (0.8650 to 0.8910 over the same seeds,
    // ConvExamplesTest): the threshold is its best, 0.012 below this one's lowest
    assertTrue(result.metric() >= 0.89, result.toString());
  }
}
