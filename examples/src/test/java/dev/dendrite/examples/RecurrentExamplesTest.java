package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Network;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recurrent examples learn the Waveforms series on a slice of their data. */
class RecurrentExamplesTest {
  @TempDir Path dir;

  @Test
  void weightsHaveKerasShapes() {
    Network lstm = new SeriesLstmNetwork();
    assertArrayEquals(new long[] {16, 128}, lstm.parameters().get("lstm.kernel").shape());
    assertArrayEquals(new long[] {32, 128}, lstm.parameters().get("lstm.recurrentKernel").shape());
    assertArrayEquals(new long[] {128}, lstm.parameters().get("lstm.bias").shape());
    // unit_forget_bias: the forget gate's quarter starts at 1, the others at 0
    assertEquals(0, lstm.parameters().get("lstm.bias").getDouble(31));
    assertEquals(1, lstm.parameters().get("lstm.bias").getDouble(32));
    assertEquals(0, lstm.parameters().get("lstm.bias").getDouble(64));
    Network gru = new SeriesGruNetwork();
    assertArrayEquals(new long[] {16, 96}, gru.parameters().get("gru.kernel").shape());
    assertArrayEquals(new long[] {2, 96}, gru.parameters().get("gru.bias").shape());
  }

  @Test
  void recurrentKernelStartsOrthogonal() {
    var r = new SeriesGruNetwork().parameters().get("gru.recurrentKernel").castTo(
        org.nd4j.linalg.api.buffer.DataType.DOUBLE);
    // 32 x 96: orthonormal rows, r rᵀ = I
    var product = r.mmul(r.transpose());
    for (int i = 0; i < 32; i++) {
      for (int j = 0; j < 32; j++) {
        assertEquals(i == j ? 1 : 0, product.getDouble(i, j), 1e-5, i + ", " + j);
      }
    }
  }

  @Test
  void lstmTellsWaveformsApart() {
    assertLearns(SeriesLstmNetwork.SPEC, SeriesLstmNetwork::new);
  }

  @Test
  void gruTellsWaveformsApart() {
    assertLearns(SeriesGruNetwork.SPEC, SeriesGruNetwork::new);
  }

  private void assertLearns(dev.dendrite.ModelSpec spec,
      java.util.function.LongFunction<Network> factory) {
    Path train = dir.resolve("train.csv");
    Path test = dir.resolve("test.csv");
    Waveforms.write(train, 900, 1);
    Waveforms.write(test, 300, 2);

    Trainers.Run run = Trainers.run(spec, factory, "--train", train.toString(),
        "--test", test.toString(), "--epochs", "6");

    assertEquals(0, run.status(), run.err());
    assertTrue(run.testMetric() >= 0.9, run.out());
  }
}
