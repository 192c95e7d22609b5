package dev.dendrite.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dendrite.Activation;
import dev.dendrite.ActivationLayer;
import dev.dendrite.Reshape;
import dev.dendrite.io.StrictJson;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keras' {@code Activation} and {@code Reshape} configs import as their annotations. */
class ReshapeActivationImportTest {

  private static LayerImport.Imported imported(String layer, List<String> problems)
      throws StrictJson.SyntaxException {
    return LayerImport.of(StrictJson.parse(layer.replace('\'', '"')), problems);
  }

  @Test
  void activationAndReshapeImport() throws Exception {
    List<String> problems = new ArrayList<>();
    LayerImport.Imported act = imported("{'class_name': 'Activation', 'config': {"
        + "'name': 'a', 'trainable': true, 'activation': 'silu'}}", problems);
    LayerImport.Imported reshape = imported("{'class_name': 'Reshape', 'config': {"
        + "'name': 'r', 'trainable': true, 'target_shape': [8, 4]}}", problems);
    assertEquals(List.of(), problems);
    assertEquals(ActivationLayer.class, act.kind());
    assertEquals(Activation.SWISH, act.elements().get("value"));
    assertEquals(Reshape.class, reshape.kind());
    assertArrayEquals(new int[] {8, 4}, (int[]) reshape.elements().get("value"));
    assertEquals(List.of(), reshape.variables());
  }
}
