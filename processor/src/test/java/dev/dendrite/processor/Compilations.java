package dev.dendrite.processor;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;

/** Compiles model sources with the Dendrite processor, for the diagnostic and generation tests. */
final class Compilations {
  private Compilations() {}

  /** A source file {@code test/<simpleName>.java} from its lines, joined with newlines. */
  static JavaFileObject source(String simpleName, String... lines) {
    return JavaFileObjects.forSourceString("test." + simpleName, String.join("\n", lines) + "\n");
  }

  /** Compiles {@code sources} with only the Dendrite processor. */
  static Compilation compile(JavaFileObject... sources) {
    return Compiler.javac().withProcessors(new DendriteProcessor()).compile(sources);
  }
}
