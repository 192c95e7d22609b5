package dev.dendrite.processor.codegen;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.JavaFile;
import com.squareup.javapoet.TypeSpec;
import dev.dendrite.processor.layer.Names;
import dev.dendrite.processor.model.ModelIR;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * What both writers share: a public final class marked {@code @Generated} by the processor
 * (without a timestamp, so builds are reproducible), two-space indentation, no imports of
 * {@code java.lang}, and Javadoc wrapped to fit generated lines under 100 characters.
 */
abstract class SourceWriter {
  /** The widest line of generated Javadoc text, after its {@code " * "}. */
  private static final int JAVADOC_WIDTH = 92;
  /** The widest piece of a long string literal, escaped, so that its line fits in 100. */
  private static final int STRING_WIDTH = 72;

  final ModelIR model;

  SourceWriter(ModelIR model) {
    this.model = model;
  }

  /** The generated source. */
  public abstract JavaFile write();

  /** {@code public final class <name>}, marked generated. */
  static TypeSpec.Builder publicClass(ClassName name) {
    return TypeSpec.classBuilder(name)
        .addAnnotation(Names.generated())
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL);
  }

  /** The file of {@code type}, in the model's package. */
  final JavaFile file(TypeSpec type) {
    return JavaFile.builder(model.packageName(), type)
        .skipJavaLangImports(true)
        .indent("  ")
        .build();
  }

  /**
   * {@code text} as a string literal, or a sum of literals broken after commas that each fit a
   * generated line, joined where the line may wrap.
   */
  static CodeBlock longString(String text) {
    List<String> pieces = new ArrayList<>();
    StringBuilder piece = new StringBuilder();
    for (String token : text.split("(?<=, )")) {
      if (piece.length() > 0 && escapedLength(piece) + escapedLength(token) > STRING_WIDTH) {
        pieces.add(piece.toString());
        piece = new StringBuilder();
      }
      piece.append(token);
      while (escapedLength(piece) > STRING_WIDTH) {
        int cut = STRING_WIDTH / 2;
        pieces.add(piece.substring(0, cut));
        piece.delete(0, cut);
      }
    }
    pieces.add(piece.toString());
    CodeBlock.Builder code = CodeBlock.builder();
    for (int i = 0; i < pieces.size(); i++) {
      code.add(i == 0 ? "$S" : "$W+ $S", pieces.get(i));
    }
    return code.build();
  }

  /** Its length as a Java literal's contents: quotes and backslashes take two characters. */
  private static int escapedLength(CharSequence text) {
    int length = text.length();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      length += c == '"' || c == '\\' ? 1 : 0;
    }
    return length;
  }

  /** {@code text} in lines that fit generated Javadoc, broken between words. */
  static String wrap(String text) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > JAVADOC_WIDTH) {
        lines.add(line.toString());
        line = new StringBuilder();
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    lines.add(line.toString());
    return String.join("\n", lines);
  }
}
