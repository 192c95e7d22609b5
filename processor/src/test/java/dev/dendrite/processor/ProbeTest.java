package dev.dendrite.processor;

import static dev.dendrite.processor.Compilations.*;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

class ProbeTest {
  void show(Compilation c) {
    c.diagnostics().forEach(d -> System.out.println("PROBE " + d.getKind() + " line " + d.getLineNumber() + " col " + d.getColumnNumber() + ": " + d.getMessage(null)));
    System.out.println("PROBE ----");
  }
  @Test
  void probe() {
    show(compile(com.google.testing.compile.JavaFileObjects.forSourceString("Tiny",
        "import dev.dendrite.*;\n@Model(input = 3, loss = Loss.MEAN_SQUARED_ERROR) class Tiny { @Dense(units = 1) Layer out; }\n")));
    show(compile(source("ErroneousProbe",
        "package test;",
        "import dev.dendrite.*;",
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "class ErroneousProbe {",
        "  @Dense(units = 4, activation = Activation.RELU) Layer loss;",
        "  @Dense(units = 1) Layer out;",
        "}")));
    show(compile(source("Outer",
        "package test;",
        "import dev.dendrite.*;",
        "class Outer { static class Mid { private static class Inner {",
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "static class Deep {",
        "  @Dense(units = 1) Layer out;",
        "}}}",
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR) private static class P { @Dense(units = 1) Layer out; }",
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR) record R(@Dense(units = 1) Layer out) {}",
        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR) @interface A {}",
        "}")));
  }
}
