package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Loss;
import dev.dendrite.Network;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An {@code @Embedding} under global average pooling, a GRU and stacked LSTMs: the generated
 * backward pass (the scatter-add into the embeddings, which several steps of one id share)
 * against central differences in double, on batches of random token ids.
 */
class EmbeddingGradientCheckTest {

  /** Each model, and its batch's ids, drawn from {@code [0, tokens)}: some leave a row unread. */
  static Stream<Arguments> networks() {
    return Stream.of(
        Arguments.of("embedding, global average pooling 1d, dense",
            (Factory) EmbeddingModels_PooledNetwork::new, 5),
        Arguments.of("gru over an embedding", (Factory) EmbeddingModels_GruNetwork::new, 6),
        Arguments.of("stacked lstms over an embedding",
            (Factory) EmbeddingModels_LstmNetwork::new, 6));
  }

  /** A generated network's (seed, data type) constructor. */
  interface Factory {
    Network create(long seed, DataType type);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("networks")
  void analyticGradientsMatchCentralDifferences(String name, Factory factory, int tokens) {
    Network network = factory.create(11, DataType.DOUBLE);
    // Keras' initial embeddings (|w| <= 0.05) barely move the loss; larger ones test more
    INDArray table = network.parameters().get("embedding.embeddings");
    table.assign(Nd4j.rand(DataType.DOUBLE, table.shape()).subi(0.5));
    Random random = new Random(3);
    int samples = 4;
    INDArray x = Nd4j.create(DataType.DOUBLE, samples, network.spec().inputSize());
    for (long i = 0; i < x.length(); i++) {
      x.putScalar(i, random.nextInt(tokens));
    }
    INDArray y = targets(network, samples, random);

    GradientCheck.Result worst = GradientCheck.run(network, x, y);

    assertEquals(network.spec().parameters(), worst.checked(), "every parameter checked");
    assertTrue(worst.passes(), () -> name + ": " + worst);
    INDArray grad = network.gradients().get("embedding.embeddings");
    for (long row = tokens; row < table.size(0); row++) {
      assertEquals(0, grad.getRow(row).amaxNumber().doubleValue(), name + ": unread row " + row);
    }
  }

  /** One class per sample: a one-hot row, or a 0 or 1 for binary cross-entropy. */
  private static INDArray targets(Network network, int samples, Random random) {
    int outputs = network.spec().outputs();
    INDArray y = Nd4j.create(DataType.DOUBLE, samples, outputs);
    for (int r = 0; r < samples; r++) {
      if (network.spec().loss() == Loss.BINARY_CROSSENTROPY) {
        y.putScalar(r, 0, random.nextInt(2));
      } else {
        y.putScalar(r, random.nextInt(outputs), 1);
      }
    }
    return y;
  }
}
