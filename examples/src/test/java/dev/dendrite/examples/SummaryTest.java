package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Network;
import java.lang.reflect.Field;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The {@code SUMMARY} the processor computes: Keras' parameter counts and shapes, and a training
 * step's memory checked against what the generated network really allocates.
 */
class SummaryTest {
  private static final Pattern TOTAL_BYTES = Pattern.compile(
      "Training step memory at batch size ([\\d,]+) \\(float32\\): .* \\(([\\d,]+) bytes\\)");
  private static final Pattern ONEDNN_BYTES = Pattern.compile(
      "With ND4J's oneDNN convolutions: .* \\(([\\d,]+) bytes\\)");

  @Test
  void mnistMlpMatchesKeras() {
    String summary = MnistMlpNetwork.SUMMARY;
    assertTrue(summary.startsWith("Model: \"MnistMlp\"\n"), summary);
    assertTrue(summary.contains(" hidden1 (Dense)  (None, 300)   235,500"), summary);
    assertTrue(summary.contains(" drop1 (Dropout)  (None, 300)         0"), summary);
    assertTrue(summary.contains(" output (Dense)   (None, 10)      1,010"), summary);
    assertTrue(summary.contains("\nTotal params: 266,610 (1.02 MB)\n"), summary);
    assertTrue(summary.contains("\nTrainable params: 266,610 (1.02 MB)\n"), summary);
    assertTrue(summary.contains("\nNon-trainable params: 0 (0.00 B)\n"), summary);
    // 2 x (784 x 300 + 300 x 100 + 100 x 10) multiply-adds, 410 bias adds, 410 activations
    assertTrue(summary.contains("\nForward FLOPs per sample: 533,220\n"), summary);
  }

  @Test
  void mnistConvnetMatchesKeras() {
    String summary = MnistConvnetNetwork.SUMMARY;
    assertTrue(summary.contains(" conv1 (Conv2D)        (None, 26, 26, 32)      320"), summary);
    assertTrue(summary.contains(" pool2 (MaxPooling2D)  (None, 5, 5, 64)          0"), summary);
    assertTrue(summary.contains(" flatten (Flatten)     (None, 1600)              0"), summary);
    assertTrue(summary.contains("\nTotal params: 34,826 (136.04 KB)\n"), summary);
    // conv1 2 x 26 x 26 x 9 x 32 + 2 x 21,632 (bias, relu), pool1 13 x 13 x 32 x 4, conv2
    // 2 x 11 x 11 x 288 x 64 + 2 x 7,744, pool2 5 x 5 x 64 x 4, output 2 x 16,000 + 20
    assertTrue(summary.contains("\nForward FLOPs per sample: 4,968,724\n"), summary);
  }

  @Test
  void seriesShapesAreKerasShapes() {
    String summary = SeriesClassifierNetwork.SUMMARY;
    assertTrue(summary.contains(" conv1 (Conv1D)       (None, 119, 32)      352"), summary);
    assertTrue(summary.contains(" pool (MaxPooling1D)  (None, 22, 32)         0"), summary);
  }

  /** Keras' output shapes and parameter counts: LSTM(32) over 30x16 has 4 * 32 * (16 + 32 + 1). */
  @Test
  void recurrentShapesAndParametersAreKeras() {
    String lstm = SeriesLstmNetwork.SUMMARY;
    assertTrue(lstm.contains(" lstm (LSTM)"), lstm);
    assertTrue(lstm.contains("(None, 32)"), lstm);
    assertTrue(lstm.contains("6,272"), lstm);
    String gru = SeriesGruNetwork.SUMMARY;
    // reset_after: two bias rows, 3 * 32 * (16 + 32 + 2)
    assertTrue(gru.contains("4,800"), gru);
    String stacked = GradientModels_GruStackedNetwork.SUMMARY;
    assertTrue(stacked.contains("(None, 4, 3)"), stacked);
  }

  static Stream<Arguments> networks() {
    return Stream.of(
        Arguments.of("MnistMlp", (Supplier<Network>) MnistMlpNetwork::new,
            MnistMlpNetwork.SUMMARY),
        Arguments.of("MnistConvnet", (Supplier<Network>) MnistConvnetNetwork::new,
            MnistConvnetNetwork.SUMMARY),
        Arguments.of("SeriesClassifier", (Supplier<Network>) SeriesClassifierNetwork::new,
            SeriesClassifierNetwork.SUMMARY),
        Arguments.of("BreastCancer", (Supplier<Network>) BreastCancerNetwork::new,
            BreastCancerNetwork.SUMMARY),
        Arguments.of("Diabetes", (Supplier<Network>) DiabetesNetwork::new,
            DiabetesNetwork.SUMMARY),
        Arguments.of("pooling and dropout first",
            (Supplier<Network>) () -> new GradientModels_PoolFirstNetwork(1, DataType.FLOAT),
            GradientModels_PoolFirstNetwork.SUMMARY),
        Arguments.of("flatten first",
            (Supplier<Network>) () -> new GradientModels_FlattenFirstNetwork(1, DataType.FLOAT),
            GradientModels_FlattenFirstNetwork.SUMMARY),
        Arguments.of("maxout",
            (Supplier<Network>) () -> new GradientModels_MaxoutStackedNetwork(1, DataType.FLOAT),
            GradientModels_MaxoutStackedNetwork.SUMMARY),
        Arguments.of("SeriesLstm", (Supplier<Network>) SeriesLstmNetwork::new,
            SeriesLstmNetwork.SUMMARY),
        Arguments.of("gru stacked over conv1d",
            (Supplier<Network>) () -> new GradientModels_GruStackedNetwork(1, DataType.FLOAT),
            GradientModels_GruStackedNetwork.SUMMARY));
  }

  /**
   * After one training step at the model's batch size, the arrays the network and its batch
   * buffers hold (each memory block once) are exactly the bytes the summary states: with im2col
   * columns, or where ND4J has oneDNN, with the input-shaped workspaces that replace them.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("networks")
  void trainingMemoryIsWhatTheNetworkAllocates(String name, Supplier<Network> create,
      String summary) throws ReflectiveOperationException {
    Matcher m = TOTAL_BYTES.matcher(summary);
    assertTrue(m.find(), summary);
    int batch = Integer.parseInt(m.group(1).replace(",", ""));
    long stated = Long.parseLong(m.group(2).replace(",", ""));
    Network network = create.get();
    INDArray features = Nd4j.create(DataType.FLOAT, batch, network.spec().inputSize());
    INDArray targets = Nd4j.create(DataType.FLOAT, batch, network.spec().outputs());
    targets.getColumn(0).assign(1);
    network.computeGradients(features, targets);

    Memory memory = new Memory();
    memory.addArrays(network);
    Field last = network.getClass().getDeclaredField("lastTraining");
    last.setAccessible(true);
    Object buffers = last.get(network);
    boolean im2col = true;
    for (Field f : buffers.getClass().getDeclaredFields()) {
      if (f.getName().endsWith("Cols")) {
        f.setAccessible(true);
        im2col &= ((INDArray) f.get(buffers)).rank() == 2;
      }
    }
    memory.addArrays(buffers);

    if (!im2col) {
      Matcher oneDnn = ONEDNN_BYTES.matcher(summary);
      assertTrue(oneDnn.find(), summary);
      stated = Long.parseLong(oneDnn.group(1).replace(",", ""));
    }
    assertEquals(stated, memory.bytes, name + ": allocated vs summary\n" + summary);
  }

  /** Sums the INDArray fields of objects (and of their optimizer slots), each buffer once. */
  private static final class Memory {
    private final Set<Long> seen = new HashSet<>();
    private long bytes;

    void addArrays(Object holder) throws ReflectiveOperationException {
      for (Field f : holder.getClass().getDeclaredFields()) {
        f.setAccessible(true);
        Object value = f.get(holder);
        if (value instanceof INDArray array) {
          if (seen.add(array.data().address())) {
            bytes += array.data().length() * array.data().getElementSize();
          }
        } else if (value != null && f.getType().getSimpleName().equals("Slot")) {
          addArrays(value);
        }
      }
    }
  }

  /** Maxout through generated code against its closed form, from the network's parameters. */
  @Test
  void maxoutForwardIsTheMaximumOfDenseGroups() {
    Network network = new GradientModels_MaxoutFirstNetwork(5, DataType.DOUBLE);
    var p = network.parameters();
    java.util.Random random = new java.util.Random(8);
    for (INDArray bias : new INDArray[] {p.get("hidden.bias"), p.get("output.bias")}) {
      for (long i = 0; i < bias.length(); i++) {
        bias.putScalar(i, random.nextGaussian());
      }
    }
    INDArray x = Nd4j.create(DataType.DOUBLE, 3, 5);
    for (long i = 0; i < x.length(); i++) {
      x.putScalar(i, random.nextGaussian());
    }
    INDArray output = network.output(x);

    INDArray k = p.get("hidden.kernel");
    INDArray b = p.get("hidden.bias");
    INDArray w = p.get("output.kernel");
    INDArray c = p.get("output.bias");
    for (int s = 0; s < 3; s++) {
      double[] hidden = new double[4];
      for (int u = 0; u < 4; u++) {
        hidden[u] = Double.NEGATIVE_INFINITY;
        for (int piece = 0; piece < 3; piece++) {
          int column = u * 3 + piece;
          double z = b.getDouble(column);
          for (int i = 0; i < 5; i++) {
            z += x.getDouble(s, i) * k.getDouble(i, column);
          }
          hidden[u] = Math.max(hidden[u], z);
        }
      }
      double[] logits = new double[3];
      double sum = 0;
      for (int o = 0; o < 3; o++) {
        logits[o] = c.getDouble(o);
        for (int u = 0; u < 4; u++) {
          logits[o] += hidden[u] * w.getDouble(u, o);
        }
        sum += Math.exp(logits[o]);
      }
      for (int o = 0; o < 3; o++) {
        assertEquals(Math.exp(logits[o]) / sum, output.getDouble(s, o), 1e-12);
      }
    }
  }
}
