package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dendrite.Network;
import dev.dendrite.io.StrictJson;
import dev.dendrite.io.Weights;
import dev.dendrite.keras.KerasImport;
import io.jhdf.HdfFile;
import io.jhdf.api.Group;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Embedding in Keras 3 files, through the generic machinery alone: a hand-built archive
 * (keras-fixtures/embedding_fixture.py, to the letter of FORMAT.md) imports as source and loads
 * into {@link SortedDigitsGru}'s network, which then computes PyTorch's probabilities; and the
 * network's own {@code .weights.h5} and {@code .keras} hold the table at
 * {@code layers/embedding/vars/0} and read back.
 */
class EmbeddingKerasTest {
  private static final Path FIXTURE = KerasSourceImportTest.FIXTURES.resolve("embedding_gru.keras");

  @TempDir Path dir;

  @Test
  void aKerasArchiveWithAnEmbeddingImportsAsSource() {
    KerasImport.Imported imported = KerasImport.importModel(FIXTURE, "digits", "Sorted");

    assertEquals("""
        package digits;

        import dev.dendrite.Activation;
        import dev.dendrite.Dense;
        import dev.dendrite.Embedding;
        import dev.dendrite.GRU;
        import dev.dendrite.Layer;
        import dev.dendrite.Loss;
        import dev.dendrite.Model;
        import dev.dendrite.Optimizer;

        /** Imported from embedding_gru.keras (Keras 3.4.1). */
        @Model(input = 12, loss = Loss.BINARY_CROSSENTROPY, optimizer = Optimizer.ADAM,
            learningRate = 0.005)
        class Sorted {
          @Embedding(inputDim = 10, outputDim = 8) Layer embedding;
          @GRU(units = 32) Layer gru;
          @Dense(units = 1, activation = Activation.SIGMOID) Layer output;
        }
        """, imported.source());
    assertEquals(List.of("embedding.embeddings", "gru.kernel", "gru.recurrentKernel", "gru.bias",
        "output.kernel", "output.bias"), List.copyOf(imported.weights().keySet()));
    assertArrayEquals(new long[] {10, 8}, imported.weights().get("embedding.embeddings").shape());
    assertEquals(SortedDigitsGruNetwork.SPEC.parameters(), imported.parameters());
  }

  @Test
  void theArchiveLoadsAndComputesPyTorchsProbabilities() throws Exception {
    JsonNode expected = StrictJson.parse(Files.readString(
        KerasSourceImportTest.FIXTURES.resolve("embedding_gru.json")));
    Network network = new SortedDigitsGruNetwork();
    Weights.load(network, FIXTURE);

    KerasImport.Imported imported = KerasImport.importModel(FIXTURE, "digits", "Sorted");
    imported.weights().forEach((name, value) ->
        assertEquals(value, network.parameters().get(name), name));
    JsonNode ids = expected.path("ids");
    INDArray x = Nd4j.create(DataType.FLOAT, ids.size(), 12);
    for (int i = 0; i < ids.size(); i++) {
      for (int t = 0; t < 12; t++) {
        x.putScalar(i, t, ids.get(i).get(t).intValue());
      }
    }
    INDArray p = network.predict(x);
    for (int i = 0; i < ids.size(); i++) {
      assertEquals(expected.path("probabilities").get(i).doubleValue(), p.getDouble(i, 0), 1e-5,
          "sequence " + i);
    }
  }

  @Test
  void theNetworksKerasFilesHoldTheTableAndReadBack() throws Exception {
    Nd4j.getRandom().setSeed(4);
    INDArray x = Nd4j.rand(DataType.FLOAT, 3, 12).muli(10);
    x = org.nd4j.linalg.ops.transforms.Transforms.floor(x, false);
    for (String name : List.of("sorted.weights.h5", "sorted.keras", "sorted.safetensors")) {
      Path file = dir.resolve(name);
      Network network = new SortedDigitsGruNetwork(1);
      Network other = new SortedDigitsGruNetwork(2);
      assertNotEquals(network.predict(x), other.predict(x));

      Weights.save(network, file);
      Weights.load(other, file);

      assertEquals(network.predict(x), other.predict(x), name);
    }
    try (HdfFile hdf = new HdfFile(dir.resolve("sorted.weights.h5"))) {
      Group vars = (Group) hdf.getByPath("layers/embedding/vars");
      assertEquals("embedding", vars.getAttribute("name").getData());
      assertEquals(1, vars.getChildren().size());
      assertArrayEquals(new int[] {10, 8},
          hdf.getDatasetByPath("layers/embedding/vars/0").getDimensions());
    }
  }
}
