package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Dataset;
import dev.dendrite.Evaluation;
import dev.dendrite.Network;
import dev.dendrite.io.DataFiles;
import dev.dendrite.report.Evaluator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The convolutional examples, compiled by the processor, learn on small slices of their data. */
class ConvExamplesTest {
  @TempDir Path dir;

  /**
   * A few samples run on im2col + GEMM and loop pooling, many on oneDNN's kernels: one sample
   * alone and the same sample inside a batch of 32 get the same prediction.
   */
  @Test
  void smallAndLargeBatchesTakeDifferentKernelsToTheSameOutputs() {
    for (Network network : List.of(new MnistConvnetNetwork(), new SeedCnnNetwork(),
        new SeriesClassifierNetwork())) {
      INDArray x = uniform(32, network.spec().inputSize(), 7);
      INDArray batch = network.output(x);
      for (int row : new int[] {0, 17, 31}) {
        INDArray one = network.output(x.getRow(row, true).dup());
        for (int c = 0; c < batch.size(1); c++) {
          assertEquals(batch.getFloat(row, c), one.getFloat(0, c), 1e-5,
              network.spec().name() + " sample " + row + " class " + c);
        }
      }
    }
  }

  @Test
  void kerasConvnetHasKerasParameterCountAndShapes() {
    assertEquals(34_826, MnistConvnetNetwork.SPEC.parameters());
    Network network = new MnistConvnetNetwork();
    assertArrayEquals(new long[] {3, 3, 1, 32}, network.parameters().get("conv1.kernel").shape());
    assertArrayEquals(new long[] {3, 3, 32, 64}, network.parameters().get("conv2.kernel").shape());
    assertArrayEquals(new long[] {1600, 10}, network.parameters().get("output.kernel").shape());
  }

  @Test
  void seriesKernelsHaveKerasConv1dShape() {
    Network network = new SeriesClassifierNetwork();
    assertArrayEquals(new long[] {10, 1, 32}, network.parameters().get("conv1.kernel").shape());
    assertArrayEquals(new long[] {10, 32, 32}, network.parameters().get("conv2.kernel").shape());
    // 128 -> 119 -> 110 -> pooled 22, times 32 channels
    assertArrayEquals(new long[] {704, 100}, network.parameters().get("hidden.kernel").shape());
  }

  @Test
  void kerasConvnetLearnsDigitsFromTwoThousandImages() {
    Evaluation result = kerasConvnetTrained(3);

    // seeds 1-8 give 0.8910, 0.8740, 0.8810, 0.8830, 0.8650, 0.8770, 0.8770, 0.8860: the
    // threshold keeps 0.025 below the lowest, room for any change of summation order
    assertTrue(result.metric() >= 0.84, result.toString());
  }

  /** Keras' convnet after two epochs on 2,000 digits in order, evaluated on 1,000 test digits. */
  static Evaluation kerasConvnetTrained(long seed) {
    Dataset train = Mnist.train(2000);
    Network network = new MnistConvnetNetwork(seed);
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
  void seriesClassifierTellsWaveformsApart() {
    Path train = dir.resolve("train.csv");
    Path test = dir.resolve("test.csv");
    Waveforms.write(train, 900, 1);
    Waveforms.write(test, 300, 2);

    Trainers.Run run = Trainers.run(SeriesClassifierNetwork.SPEC, SeriesClassifierNetwork::new,
        "--train", train.toString(), "--test", test.toString(), "--epochs", "4");

    assertEquals(0, run.status(), run.err());
    assertTrue(run.out().contains("classes: sawtooth = 0, sine = 1, square = 2"), run.out());
    // after its first step the trainer says which kernel each convolution chose (Keras' 1-D
    // kernels are views of the 2-D arrays the kernels run on)
    assertTrue(run.out().contains("\nkernels: conv1  1x128x1 -> 1x119x32, batch 32: forward "),
        run.out());
    assertTrue(run.out().contains("\nkernels: conv2  "), run.out());
    // seeds 42 and 1-5 give 0.9867, 0.9700, 0.9767, 0.9900, 0.9833, 0.9867 (300 samples)
    assertTrue(run.testMetric() >= 0.9, run.out());
  }

  /** A kernel setting the runtime does not know is a usage error before any training. */
  @Test
  void unknownKernelSettingIsRefused() {
    Path train = dir.resolve("train.csv");
    Waveforms.write(train, 30, 1);
    System.setProperty("dendrite.kernels", "fastest");
    try {
      Trainers.Run run = Trainers.run(SeriesClassifierNetwork.SPEC,
          SeriesClassifierNetwork::new, "--train", train.toString(), "--epochs", "1");
      assertEquals(dev.dendrite.train.TrainerCli.BAD_INPUT, run.status(), run.out());
      assertTrue(run.err().startsWith("error: DENDRITE_KERNELS must be auto, onednn or im2col."
          + " Received: fastest\n"), run.err());
      assertEquals("", run.out());
    } finally {
      System.clearProperty("dendrite.kernels");
    }
  }

  @Test
  void imageModelsTakeCsvRowsReshapedRowMajor() throws Exception {
    Path csv = dir.resolve("digits.csv");
    Dataset mnist = Mnist.test(50);
    StringBuilder text = new StringBuilder();
    for (int j = 0; j < 784; j++) {
      text.append("p").append(j).append(',');
    }
    text.append("digit\n");
    for (int i = 0; i < mnist.size(); i++) {
      for (int j = 0; j < 784; j++) {
        text.append(mnist.feature(i, j)).append(',');
      }
      text.append(Mnist.label(mnist, i)).append('\n');
    }
    Files.writeString(csv, text);

    Dataset fromCsv = DataFiles.load(csv, MnistConvnetNetwork.SPEC, null, List.of());
    Network network = new MnistConvnetNetwork(1);

    assertEquals(Evaluator.evaluate(network, mnist), Evaluator.evaluate(network, fromCsv));
  }

  /** A {@code rows x columns} float matrix of uniform values in [0, 1) from {@code seed}. */
  static INDArray uniform(int rows, int columns, long seed) {
    Random random = new Random(seed);
    float[] values = new float[rows * columns];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextFloat();
    }
    return Nd4j.createFromArray(values).reshape(rows, columns);
  }
}
