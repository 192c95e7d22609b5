package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Network;
import dev.dendrite.WeightsException;
import dev.dendrite.io.Safetensors;
import dev.dendrite.io.Weights;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@link Weights#save} and {@link Weights#load} on generated networks. */
class WeightsTest {
  @TempDir Path dir;

  @Test
  void saveThenLoadGivesTheSameNetwork() {
    Network a = new MnistConvnetNetwork(1);
    Path file = dir.resolve("convnet.safetensors");
    Weights.save(a, file);
    Network b = new MnistConvnetNetwork(2);
    assertNotEquals(a.parameters(), b.parameters());

    Weights.load(b, file);

    assertValues(a.parameters(), b.parameters(), DataType.FLOAT);
    float[] sample = new float[784];
    Arrays.fill(sample, 0.5f);
    assertArrayEquals(a.predict(sample), b.predict(sample));
  }

  @Test
  void namesAndShapesAreKeras() throws IOException {
    Path file = dir.resolve("mlp.safetensors");
    Weights.save(new MnistMlpNetwork(), file);
    String header = new String(Files.readAllBytes(file), 8, 400, StandardCharsets.ISO_8859_1);
    assertTrue(header.contains("\"hidden1.kernel\":{\"dtype\":\"F32\",\"shape\":[784,300],"
        + "\"data_offsets\":[0,940800]}"), header);
    assertTrue(header.contains("\"dendrite.model\":\"MnistMlp\""), header);
  }

  @Test
  void weightsOfAnotherModelAreRefusedWithTheShapes() {
    Path file = dir.resolve("iris.safetensors");
    Weights.save(new IrisNetwork(), file);
    Network cancer = new BreastCancerNetwork();
    INDArray before = cancer.parameters().get("hidden.kernel").dup();

    WeightsException e = assertThrows(WeightsException.class, () -> Weights.load(cancer, file));

    assertTrue(e.getMessage().startsWith(file + ": does not fit the model BreastCancer: "
        + "missing tensors [malignant.kernel, malignant.bias]; unexpected tensors "
        + "[species.kernel, species.bias]"), e.getMessage());
    assertEquals(before, cancer.parameters().get("hidden.kernel"), "nothing was assigned");
  }

  @Test
  void sameNamesOtherShapesNameTheTensorAndBothShapes() {
    Path file = dir.resolve("series.safetensors");
    // both models have conv layers; a Conv2D kernel where a Conv1D kernel is expected
    Network mnist = new MnistConvnetNetwork();
    Map<String, INDArray> renamed = new LinkedHashMap<>();
    new SeriesClassifierNetwork().parameters().keySet().forEach(name -> renamed.put(name,
        name.equals("conv1.kernel") ? mnist.parameters().get("conv1.kernel")
            : new SeriesClassifierNetwork().parameters().get(name)));
    Safetensors.save(file, renamed, Map.of());

    WeightsException e = assertThrows(WeightsException.class,
        () -> Weights.load(new SeriesClassifierNetwork(), file));

    assertEquals(file + ": tensor 'conv1.kernel' has shape [3, 3, 1, 32] but the model "
        + "SeriesClassifier expects [10, 1, 32]", e.getMessage());
  }

  @Test
  void doubleNetworksSaveF64AndLoadFloatFiles() {
    Network doubles = new IrisNetwork(3, DataType.DOUBLE);
    Path f64 = dir.resolve("d.safetensors");
    Weights.save(doubles, f64);
    Network floats = new IrisNetwork(4);
    Weights.load(floats, f64);
    assertValues(doubles.parameters(), floats.parameters(), DataType.FLOAT);

    Path f32 = dir.resolve("f.safetensors");
    Weights.save(floats, f32);
    Network back = new IrisNetwork(5, DataType.DOUBLE);
    Weights.load(back, f32);
    assertEquals(DataType.DOUBLE, back.parameters().get("hidden.kernel").dataType());
    // every float widens to a double exactly
    assertValues(floats.parameters(), back.parameters(), DataType.DOUBLE);
  }

  /** Each of {@code loaded} holds exactly {@code saved}'s values converted to {@code type}. */
  private static void assertValues(Map<String, INDArray> saved, Map<String, INDArray> loaded,
      DataType type) {
    assertEquals(saved.keySet(), loaded.keySet());
    saved.forEach((name, value) -> {
      INDArray actual = loaded.get(name);
      assertEquals(type, actual.dataType(), name);
      assertArrayEquals(value.shape(), actual.shape(), name);
      assertArrayEquals(value.castTo(type).castTo(DataType.DOUBLE).dup('c')
          .reshape(value.length()).toDoubleVector(),
          actual.castTo(DataType.DOUBLE).dup('c').reshape(actual.length()).toDoubleVector(),
          name);
    });
  }

  @Test
  void savingReplacesTheFileAtomically() throws IOException {
    Path file = dir.resolve("w.safetensors");
    Weights.save(new IrisNetwork(1), file);
    Weights.save(new IrisNetwork(2), file);
    try (var files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList(), "no temporary file is left");
    }
    Network check = new IrisNetwork(9);
    Weights.load(check, file);
    assertValues(new IrisNetwork(2).parameters(), check.parameters(), DataType.FLOAT);
  }
}
