package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Dataset;
import dev.dendrite.Evaluation;
import dev.dendrite.Network;
import dev.dendrite.report.Evaluator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The seed MLP, generated from {@link MnistMlp}, learns a slice of real MNIST digits. */
class MnistTest {
  private static Dataset train;
  private static Dataset test;

  @BeforeAll
  static void load() {
    train = Mnist.train(6000);
    test = Mnist.test(2000);
  }

  @Test
  void learnsDigitsFromSixThousandImages() {
    Network network = new MnistMlpNetwork(1);
    Evaluation before = Evaluator.evaluate(network, test);

    fit(network, train, 2, 32);
    Evaluation after = Evaluator.evaluate(network, test);

    assertTrue(before.metric() < 0.3, "untrained accuracy " + before);
    // seeds 1-8 give 0.8840, 0.9040, 0.8925, 0.8955, 0.8850, 0.8920, 0.8960, 0.8960: the
    // threshold keeps 0.024 below the lowest, room for any change of summation order
    assertTrue(after.metric() >= 0.86, "trained accuracy " + after);
    assertTrue(after.loss() < before.loss() / 5, before + " -> " + after);
  }

  @Test
  void sameSeedTrainsToTheSameWeights() {
    Network a = new MnistMlpNetwork(5);
    Network b = new MnistMlpNetwork(5);
    fit(a, train.slice(0, 1280), 1, 64);
    fit(b, train.slice(0, 1280), 1, 64);

    for (String name : a.parameters().keySet()) {
      assertArrayEquals(a.parameters().get(name).data().asFloat(),
          b.parameters().get(name).data().asFloat(), name + ", bit for bit");
    }
    assertEquals(Evaluator.evaluate(a, test), Evaluator.evaluate(b, test));
  }

  @Test
  void answersWithTheMostProbableDigit() {
    Network network = new MnistMlpNetwork(1);
    fit(network, train, 1, 32);
    float[] image = new float[784];
    for (int j = 0; j < 784; j++) {
      image[j] = test.feature(0, j);
    }

    float[] probabilities = network.predict(image);
    int answer = network.predictClass(image);

    double sum = 0;
    for (float p : probabilities) {
      sum += p;
    }
    assertEquals(1.0, sum, 1e-5);
    for (float p : probabilities) {
      assertTrue(p <= probabilities[answer]);
    }
    assertEquals(7, answer, "the first test image is a 7");
  }

  /** Plain mini-batch training in the data set's order (the trainer shuffles; this need not). */
  private static void fit(Network network, Dataset data, int epochs, int batch) {
    INDArray x = Nd4j.create(DataType.FLOAT, batch, data.featureSize());
    INDArray y = Nd4j.create(DataType.FLOAT, batch, data.targetSize());
    for (int epoch = 0; epoch < epochs; epoch++) {
      for (int from = 0; from + batch <= data.size(); from += batch) {
        data.copyBatch(null, from, batch, x, y);
        network.fit(x, y);
      }
    }
  }
}
