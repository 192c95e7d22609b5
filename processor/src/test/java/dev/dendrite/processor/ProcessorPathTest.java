package dev.dendrite.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.dendrite.processor.Compilations.source;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.squareup.javapoet.JavaFile;
import dev.dendrite.Model;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import javax.annotation.processing.Processor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The processor runs on its own path (its classes, dendrite-runtime and JavaPoet) with nothing
 * of ND4J, OpenBLAS, jHDF or XChart: what javac's processor path holds when a build names the
 * processor in {@code annotationProcessorPaths}. The pom's enforcer rule keeps the libraries off
 * that path; this test shows that the processor does not need them.
 */
class ProcessorPathTest {

  @Test
  void theProcessorCompilesAModelWithoutTheRuntimesLibraries() throws Exception {
    try (URLClassLoader path = new URLClassLoader(new URL[] {
        url(DendriteProcessor.class), url(Model.class), url(JavaFile.class)},
        ClassLoader.getPlatformClassLoader())) {
      assertThrows(ClassNotFoundException.class, () -> path.loadClass(INDArray.class.getName()));
      Processor processor = (Processor) path.loadClass(DendriteProcessor.class.getName())
          .getDeclaredConstructor().newInstance();

      Compilation compilation = Compiler.javac().withProcessors(processor)
          .withClasspath(List.of(location(Model.class), location(INDArray.class)))
          .compile(source("Everything",
              "@Model(input = {12, 12, 1}, loss = CATEGORICAL_CROSSENTROPY)",
              "class Everything {",
              "  @Conv2D(filters = 4, kernelSize = {3, 3}, activation = RELU) Layer conv;",
              "  @MaxPooling2D(poolSize = {2, 2}) Layer pool;",
              "  @Flatten Layer flat;",
              "  @Maxout(units = 8, pieces = 2) Layer maxout;",
              "  @Dropout(0.5) Layer drop;",
              "  @Dense(units = 10, activation = SOFTMAX) Layer output;",
              "}").file());

      assertThat(compilation).succeeded();
      assertThat(compilation).generatedSourceFile("test.EverythingNetwork");
      assertThat(compilation).generatedSourceFile("test.EverythingTrainer");
    }
  }

  private static URL url(Class<?> type) throws MalformedURLException {
    return location(type).toURI().toURL();
  }

  private static File location(Class<?> type) {
    try {
      return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
