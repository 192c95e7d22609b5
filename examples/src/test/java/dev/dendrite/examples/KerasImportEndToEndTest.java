package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dendrite.Dataset;
import dev.dendrite.ModelSpec;
import dev.dendrite.Network;
import dev.dendrite.io.DataFiles;
import dev.dendrite.io.StrictJson;
import dev.dendrite.io.Weights;
import dev.dendrite.keras.KerasImport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The two commands of README's "Import a Keras model as source", in one JVM: the importer
 * writes the class and its safetensors; javac with Dendrite's processor compiles the class; the
 * generated network, loaded with the imported weights, classifies the repository's 10,000 MNIST
 * test digits exactly as PyTorch did when it trained the model (mnist_convnet.json).
 */
class KerasImportEndToEndTest {
  private static final Path TEST_IMAGES = Path.of("data/mnist/t10k-images-idx3-ubyte.gz");

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"mnist_convnet.keras", "mnist_convnet_keras2.h5"})
  void importedConvnetCompilesAndClassifiesMnistAsPyTorchDid(String fixture) throws Exception {
    JsonNode expected = StrictJson.parse(Files.readString(
        KerasSourceImportTest.FIXTURES.resolve("mnist_convnet.json")));
    Path sources = dir.resolve("src");
    Path weights = dir.resolve("digits.safetensors");

    // 1. import
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = KerasImport.run(new String[] {
        KerasSourceImportTest.FIXTURES.resolve(fixture).toString(), "--package", "digits",
        "--class", "Digits", "--out", sources.toString(), "--weights", weights.toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
    assertEquals(0, status, out.toString(StandardCharsets.UTF_8));

    // 2. compile with the processor, which is on the test classpath
    Path classes = Files.createDirectories(dir.resolve("classes"));
    compile(sources.resolve("digits/Digits.java"), classes);

    // 3. load the generated network and the imported weights
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        getClass().getClassLoader())) {
      Class<?> type = loader.loadClass("digits.DigitsNetwork");
      ModelSpec spec = (ModelSpec) type.getField("SPEC").get(null);
      LongFunction<Network> factory = seed -> {
        try {
          return (Network) type.getConstructor(long.class).newInstance(seed);
        } catch (ReflectiveOperationException e) {
          throw new AssertionError(e);
        }
      };
      Network network = factory.apply(1);
      Weights.load(network, weights);

      // 4. every test digit, counted here
      Dataset test = DataFiles.load(TEST_IMAGES, spec, null, List.of());
      int correct = correct(network, test);
      assertEquals(expected.path("test_samples").intValue(), test.size());
      assertEquals(expected.path("test_correct").intValue(), correct,
          "PyTorch's count of correct test digits, and Dendrite's on the imported model");

      // 5. and by the generated trainer: --test with --load evaluates without training
      Trainers.Run run = Trainers.run(spec, factory, "--epochs", "0", "--test",
          TEST_IMAGES.toString(), "--load", weights.toString());
      assertEquals(0, run.status(), run.err());
      assertEquals(String.format(Locale.ROOT, "%.4f", expected.path("test_accuracy")
          .doubleValue()), String.format(Locale.ROOT, "%.4f", run.testMetric()), run.out());
    }
  }

  /**
   * The Dense-only fixtures (SGD with Nesterov momentum, a layer without bias; a functional
   * chain) compile, and their networks compute, from the imported weights, what the layers'
   * formulas give: {@code softmax(relu(x W1 + b1) W2 [+ b2])}.
   */
  @ParameterizedTest
  @ValueSource(strings = {"dense_only.keras", "dense_functional.keras"})
  void importedDenseModelsCompileAndComputeTheirFormula(String fixture) throws Exception {
    Path sources = dir.resolve("src");
    Path weights = dir.resolve("flowers.safetensors");
    KerasImport.Imported imported = KerasImport.importModel(
        KerasSourceImportTest.FIXTURES.resolve(fixture), "flowers", "Flowers");
    Files.createDirectories(sources.resolve("flowers"));
    Files.writeString(sources.resolve("flowers/Flowers.java"), imported.source());
    Path classes = Files.createDirectories(dir.resolve("classes"));
    compile(sources.resolve("flowers/Flowers.java"), classes);
    List<INDArray> w = List.copyOf(imported.weights().values());

    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        getClass().getClassLoader())) {
      Network network = (Network) loader.loadClass("flowers.FlowersNetwork")
          .getConstructor(long.class).newInstance(1L);
      network.setParameters(imported.weights());
      INDArray x = Nd4j.createFromArray(new float[][] {{0.5f, -1, 2, 0}, {1, 1, -0.25f, 3}});

      INDArray hidden = Transforms.relu(x.mmul(w.get(0)).addRowVector(w.get(1)));
      INDArray logits = hidden.mmul(w.get(2));
      if (w.size() == 4) {
        logits.addiRowVector(w.get(3));
      }
      INDArray expected = Transforms.softmax(logits);
      INDArray actual = network.predict(x);
      for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 3; j++) {
          assertEquals(expected.getFloat(i, j), actual.getFloat(i, j), 1e-6,
              "sample " + i + ", class " + j);
        }
      }
    }
  }

  /** The digits whose most probable class is the label. */
  private static int correct(Network network, Dataset data) {
    int batch = 500;
    INDArray x = Nd4j.create(DataType.FLOAT, batch, data.featureSize());
    INDArray y = Nd4j.create(DataType.FLOAT, batch, data.targetSize());
    int correct = 0;
    for (int from = 0; from < data.size(); from += batch) {
      data.copyBatch(null, from, batch, x, y);
      INDArray predicted = network.output(x).argMax(1);
      INDArray labels = y.argMax(1);
      for (int i = 0; i < batch; i++) {
        if (predicted.getLong(i) == labels.getLong(i)) {
          correct++;
        }
      }
    }
    return correct;
  }

  /** Compiles {@code source} with Dendrite's processor into {@code classes}. */
  static void compile(Path source, Path classes) throws Exception {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null,
        StandardCharsets.UTF_8)) {
      List<String> options = List.of("-d", classes.toString(), "--release", "17",
          "-classpath", System.getProperty("java.class.path"),
          "-processor", "dev.dendrite.processor.DendriteProcessor");
      boolean compiled = javac.getTask(null, files, diagnostics, options, null,
          files.getJavaFileObjects(source.toFile())).call();
      assertTrue(compiled, () -> "javac failed:\n" + diagnostics.getDiagnostics() + "\n"
          + source + ":\n" + read(source));
    }
    Path trainer = classes.resolve(sourceRoot(source).relativize(source).toString()
        .replace(".java", "Trainer.class"));
    assertTrue(Files.exists(trainer), () -> "the processor generated " + trainer);
  }

  /** {@code src} of {@code src/flowers/Flowers.java}. */
  private static Path sourceRoot(Path source) {
    return source.getParent().getParent();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}
