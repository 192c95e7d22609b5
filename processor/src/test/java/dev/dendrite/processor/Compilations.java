package dev.dendrite.processor;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.dendrite.Model;
import java.io.File;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import javax.tools.JavaFileObject;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Compiles model sources with the Dendrite processor, for the diagnostic and generation tests. */
final class Compilations {
  /** What every source in package {@code test} starts with, so models read as users write them. */
  private static final List<String> HEADER = List.of(
      "package test;",
      "",
      "import static dev.dendrite.Activation.*;",
      "import static dev.dendrite.Loss.*;",
      "import static dev.dendrite.Optimizer.*;",
      "",
      "import dev.dendrite.*;",
      "");

  /**
   * What the sources compile against: dendrite-runtime (the annotations, and the classes that
   * generated code calls) and ND4J's API, the one ND4J jar that generated code names. Not the
   * test classpath: javac opens every entry of its classpath on each compilation, and the test
   * classpath's sixty entries (ND4J's native and shaded jars among them) made a compilation that
   * stops at an error several times slower.
   */
  private static final List<File> CLASSPATH = List.of(locationOf(Model.class),
      locationOf(INDArray.class));

  private Compilations() {}

  /** A source file with its lines, to name the line a diagnostic must land on. */
  record Source(JavaFileObject file, List<String> lines) {

    /** The 1-based number of the one line containing {@code fragment}. */
    long lineOf(String fragment) {
      int[] matches = IntStream.range(0, lines.size())
          .filter(i -> lines.get(i).contains(fragment))
          .toArray();
      if (matches.length != 1) {
        throw new IllegalArgumentException(matches.length + " lines contain '" + fragment
            + "' in\n" + String.join("\n", lines));
      }
      return matches[0] + 1L;
    }
  }

  /**
   * {@code test/<topLevelName>.java}: the header (package {@code test}, imports of
   * {@code dev.dendrite.*} and the static enum constants) and then {@code body}, one line each.
   */
  static Source source(String topLevelName, String... body) {
    List<String> lines = new ArrayList<>(HEADER);
    lines.addAll(List.of(body));
    JavaFileObject file = JavaFileObjects.forSourceString("test." + topLevelName,
        String.join("\n", lines) + "\n");
    return new Source(file, List.copyOf(lines));
  }

  /** Compiles {@code sources} with only the Dendrite processor and no extra options. */
  static Compilation compile(Source... sources) {
    JavaFileObject[] files = new JavaFileObject[sources.length];
    for (int i = 0; i < sources.length; i++) {
      files[i] = sources[i].file();
    }
    return compile(files);
  }

  static Compilation compile(JavaFileObject... files) {
    return Compiler.javac().withProcessors(new DendriteProcessor()).withClasspath(CLASSPATH)
        .compile(files);
  }

  /** The directory or jar that {@code type} was loaded from. */
  private static File locationOf(Class<?> type) {
    try {
      return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
