package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Dataset;
import dev.dendrite.Evaluation;
import dev.dendrite.Network;
import dev.dendrite.report.Evaluator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The MNIST convnet with batch normalization: it learns, and its state behaves as Keras'. */
class NormalizationTest {

  @Test
  void batchNormalizedConvnetLearnsDigitsFromTwoThousandImages() {
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
    System.out.println("MnistConvnetBatchNorm on 2,000 digits: " + result);
    assertTrue(result.metric() >= 0.84, result.toString());
  }
}
