package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Network;
import dev.dendrite.io.Weights;
import dev.dendrite.keras.KerasImport;
import io.jhdf.HdfFile;
import io.jhdf.api.Group;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Recurrent layers in Keras 3 files: the weights live in the layer's cell
 * ({@code layers/lstm/cell/vars}), the layer's own {@code vars} group stays empty; both ways.
 */
class RecurrentKerasTest {
  @TempDir Path dir;

  @Test
  void lstmWeightsAreItsCellsInKerasLayout() throws Exception {
    Path file = dir.resolve("lstm.weights.h5");
    Network network = new SeriesLstmNetwork(1);
    Weights.save(network, file);

    try (HdfFile hdf = new HdfFile(file)) {
      assertEquals(Set.of("conv1d", "max_pooling1d", "lstm", "dense"),
          ((Group) hdf.getChild("layers")).getChildren().keySet());
      Group own = (Group) hdf.getByPath("layers/lstm/vars");
      assertEquals("lstm", own.getAttribute("name").getData());
      assertEquals(0, own.getChildren().size());
      Group cell = (Group) hdf.getByPath("layers/lstm/cell/vars");
      assertEquals("lstm_cell", cell.getAttribute("name").getData());
      assertArrayEquals(new int[] {16, 128},
          hdf.getDatasetByPath("layers/lstm/cell/vars/0").getDimensions());
      assertArrayEquals(new int[] {32, 128},
          hdf.getDatasetByPath("layers/lstm/cell/vars/1").getDimensions());
      assertArrayEquals(new int[] {128},
          hdf.getDatasetByPath("layers/lstm/cell/vars/2").getDimensions());
    }
    Network other = new SeriesLstmNetwork(2);
    Weights.load(other, file);
    network.parameters().forEach((name, value) ->
        assertEquals(value, other.parameters().get(name), name));
  }

  @Test
  void aGruArchiveRoundTripsAndImportsAsSource() {
    Path file = dir.resolve("gru.keras");
    Network network = new SeriesGruNetwork(1);
    Nd4j.getRandom().setSeed(3);
    INDArray x = Nd4j.rand(DataType.FLOAT, 2, 128);
    Network other = new SeriesGruNetwork(2);
    assertNotEquals(network.predict(x), other.predict(x));

    Weights.save(network, file);
    Weights.load(other, file);
    assertEquals(network.predict(x), other.predict(x));

    KerasImport.Imported imported = KerasImport.importModel(file, "test", "Imported");
    assertTrue(imported.source().contains("@GRU(units = 32)"), imported.source());
    assertEquals(SeriesGruNetwork.SPEC.parameters(), imported.parameters());
  }
}
