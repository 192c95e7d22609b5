package dev.dendrite.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dendrite.DataException;
import dev.dendrite.LayerSpec;
import dev.dendrite.Loss;
import dev.dendrite.ModelSpec;
import dev.dendrite.Optimizer;
import dev.dendrite.LearningRateSchedule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenIdsTest {
  @TempDir Path dir;

  private static ModelSpec embeddingModel(int inputDim) {
    LayerSpec embedding = new LayerSpec("tokens", "Embedding",
        "{\"name\": \"tokens\", \"input_dim\": " + inputDim + ", \"output_dim\": 4}",
        List.of(3), List.of("tokens.embeddings"), "");
    return new ModelSpec("Tokens", List.of(3), 2, Loss.CATEGORICAL_CROSSENTROPY, Optimizer.ADAM,
        0.001, 32, 1, 1, 0, LearningRateSchedule.CONSTANT, List.of(embedding), "");
  }

  @Test
  void anEmbeddingThatReadsTheInputByFromSetsTheLimitWhereverItIs() {
    LayerSpec side = new LayerSpec("side", "Dense", "{\"name\": \"side\"}", List.of(3),
        List.of(), "");
    LayerSpec embedding = new LayerSpec("tokens", "Embedding",
        "{\"name\": \"tokens\", \"input_dim\": 7, \"output_dim\": 4}", List.of(3),
        List.of("tokens.embeddings"), "", List.of(LayerSpec.INPUT), List.of(3, 4));
    LayerSpec later = new LayerSpec("later", "Embedding",
        "{\"name\": \"later\", \"input_dim\": 9, \"output_dim\": 4}", List.of(3),
        List.of("later.embeddings"), "");
    assertEquals(7, new ModelSpec("Tokens", List.of(3), 2, Loss.CATEGORICAL_CROSSENTROPY,
        Optimizer.ADAM, 0.001, 32, 1, 1, 0, LearningRateSchedule.CONSTANT,
        List.of(side, embedding), "").inputIdLimit());
    // an Embedding of another layer's output does not read the input's ids
    assertEquals(0, new ModelSpec("Tokens", List.of(3), 2, Loss.CATEGORICAL_CROSSENTROPY,
        Optimizer.ADAM, 0.001, 32, 1, 1, 0, LearningRateSchedule.CONSTANT,
        List.of(side, later), "").inputIdLimit());
  }

  @Test
  void theLimitIsTheEmbeddingsInputDim() {
    assertEquals(10, embeddingModel(10).inputIdLimit());
    assertEquals(0, new ModelSpec("Plain", List.of(3), 2, Loss.CATEGORICAL_CROSSENTROPY,
        Optimizer.ADAM, 0.001, 32, 1, 1, 0).inputIdLimit());
  }

  @Test
  void anIdOutsideTheVocabularyNamesFileLineAndColumn() throws Exception {
    Path csv = dir.resolve("tokens.csv");
    Files.writeString(csv, "t0,t1,t2,label\n1,2,3,a\n4,10,0,b\n");
    DataException e = assertThrows(DataException.class,
        () -> DataFiles.load(csv, embeddingModel(10), null, List.of()));
    assertEquals(csv + ":3: column 't1' holds token id 10, outside [0, 10): the Embedding's "
        + "inputDim is 10; give ids 0..9 or raise inputDim", e.getMessage());
  }

  @Test
  void fractionsAndNegativesAreNotIds() {
    Path csv = dir.resolve("x.csv");
    assertThrows(DataException.class, () -> TokenIds.check(1.5f, 10, csv, 2, "t0"));
    assertThrows(DataException.class, () -> TokenIds.check(-1f, 10, csv, 2, "t0"));
    TokenIds.check(9f, 10, csv, 2, "t0");
  }

  @Test
  void idsInRangeLoad() throws Exception {
    Path csv = dir.resolve("ok.csv");
    Files.writeString(csv, "t0,t1,t2,label\n1,2,3,a\n4,9,0,b\n");
    assertEquals(2, DataFiles.load(csv, embeddingModel(10), null, List.of()).size());
  }
}
