package dev.dendrite.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.dendrite.processor.Compilations.compile;
import static dev.dendrite.processor.Compilations.source;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Keras forms of {@code @Reshape} and {@code @ActivationLayer} in the generated SPEC. */
class ReshapeActivationKerasFormTest {
  private static final String DTYPE = "\\\"dtype\\\": {\\\"module\\\": \\\"keras\\\", "
      + "\\\"class_name\\\": \\\"DTypePolicy\\\", \\\"config\\\": {\\\"name\\\": \\\"float32\\\"}}";

  @Test
  void reshapeWritesItsTargetShapeAndActivationItsName() throws IOException {
    Compilation compilation = compile(source("Shaped",
        "@Model(input = 32, loss = MEAN_SQUARED_ERROR)",
        "class Shaped {",
        "  @Reshape({8, 4}) Layer series;",
        "  @ActivationLayer(SWISH) Layer act;",
        "  @Flatten Layer flat;",
        "  @Dense(units = 1) Layer out;",
        "}"));
    assertThat(compilation).succeededWithoutWarnings();
    String text = compilation.generatedSourceFile("test.ShapedNetwork").orElseThrow()
        .getCharContent(true).toString().replaceAll("\\s*\\n\\s*", " ")
        .replaceAll("(?<!\\\\)\" \\+ \"", "");
    List<String> specs = new ArrayList<>();
    Matcher m = Pattern.compile("new LayerSpec\\((.*?)\\)(?=, new LayerSpec|\\), \")")
        .matcher(text);
    while (m.find()) {
      // without the inputs and output shape, which KerasFormTest's branching test checks
      specs.add(m.group(1).replaceFirst(", List\\.of\\([^)]*\\), List\\.of\\([^)]*\\)$", ""));
    }
    assertEquals("\"series\", \"Reshape\", \"{\\\"name\\\": \\\"series\\\", \\\"trainable\\\": "
        + "true, " + DTYPE + ", \\\"target_shape\\\": [8, 4]}\", List.of(32), List.of(), \"\"",
        specs.get(0));
    assertEquals("\"act\", \"Activation\", \"{\\\"name\\\": \\\"act\\\", \\\"trainable\\\": "
        + "true, " + DTYPE + ", \\\"activation\\\": \\\"silu\\\"}\", List.of(8, 4), List.of(), "
        + "\"\"", specs.get(1));
  }
}
