package dev.dendrite.keras;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dendrite.LayerSpec;
import dev.dendrite.io.AtomicFiles;
import dev.dendrite.io.Metadata;
import dev.dendrite.io.Safetensors;
import dev.dendrite.runtime.LibraryLogging;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.SourceVersion;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Imports a Keras model as Dendrite source: reads a Keras 3 {@code .keras} file or a Keras 2
 * full-model {@code .h5} and writes the equivalent {@code @Model} class (its fields named after
 * the Keras layers) and its weights as safetensors with Dendrite's names
 * ({@code conv2d.kernel}), which the compiled model's trainer loads with {@code --load}:
 *
 * <pre>
 * java dev.dendrite.keras.KerasImport model.keras --package digits --class Digits \
 *     --out src/main/java --weights digits.safetensors
 * </pre>
 *
 * Every unsupported layer or option is listed at once, exit status 2; a file that is not a
 * Keras model is one line naming it, also 2; a file that cannot be written, 4.
 */
public final class KerasImport {
  /** Exit status: bad arguments, a file that is not a Keras model, unsupported layers. */
  public static final int BAD_INPUT = 2;
  /** Exit status: an output file could not be written. */
  public static final int CANNOT_WRITE = 4;

  private static final String USAGE = String.join("\n",
      "Usage: java dev.dendrite.keras.KerasImport FILE --package NAME --class NAME",
      "           [--out DIR] [--weights FILE] [--loss NAME]",
      "Imports a Keras model (a Keras 3 .keras file or a Keras 2 full-model .h5) as a Dendrite",
      "@Model class and its weights.",
      "  FILE             the Keras model",
      "  --package NAME   the class's package, like digits",
      "  --class NAME     the class's name, like Digits",
      "  --out DIR        the source folder the class is written under (default: .)",
      "  --weights FILE   the weights, as safetensors (default: <class>.safetensors)",
      "  --loss NAME      the loss, in Keras' words (categorical_crossentropy), for a model",
      "                   saved without compile() or instead of the one it names",
      "");

  private KerasImport() {}

  /**
   * An imported model.
   *
   * @param source the {@code @Model} class's source
   * @param weights its weights by Dendrite's names, with Keras' shapes, in layer order
   * @param version which Keras wrote the file, like {@code Keras 3.4.1}
   * @param layers how many layers it has
   */
  public record Imported(String source, Map<String, INDArray> weights, String version,
      int layers) {
    public Imported {
      weights = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    }

    /** The number of weights (parameters). */
    public long parameters() {
      return weights.values().stream().mapToLong(INDArray::length).sum();
    }
  }

  /** Runs the importer on the process's streams and exits with its status. */
  public static void main(String[] args) {
    LibraryLogging.quiet();
    int status = run(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs the importer and returns its exit status: 0, {@link #BAD_INPUT} or
   * {@link #CANNOT_WRITE}.
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Map<String, String> flags = new LinkedHashMap<>();
    List<String> files = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        out.print(USAGE);
        return 0;
      }
      if (List.of("--package", "--class", "--out", "--weights", "--loss").contains(a)) {
        if (i + 1 == args.length) {
          return usage(err, a + " needs a value");
        }
        if (flags.put(a, args[++i]) != null) {
          return usage(err, a + " is given twice");
        }
      } else if (a.startsWith("-")) {
        return usage(err, "unknown option " + a);
      } else {
        files.add(a);
      }
    }
    if (files.size() != 1) {
      return usage(err, files.isEmpty() ? "no Keras file given" : "one Keras file at a time, "
          + "given " + files.size());
    }
    String packageName = flags.getOrDefault("--package", "");
    String className = flags.get("--class");
    if (className == null) {
      return usage(err, "--class is needed: the name of the @Model class to write");
    }
    if (!SourceVersion.isIdentifier(className) || SourceVersion.isKeyword(className)) {
      return usage(err, "--class " + className + " is not a Java class name");
    }
    if (!packageName.isEmpty() && !SourceVersion.isName(packageName)) {
      return usage(err, "--package " + packageName + " is not a Java package name");
    }
    String weightsName = flags.getOrDefault("--weights", className + ".safetensors");
    if (!weightsName.endsWith(".safetensors")) {
      return usage(err, "--weights " + weightsName + " must name a .safetensors file");
    }
    Path file = Path.of(files.get(0));
    Imported imported;
    try {
      imported = importModel(file, packageName, className, flags.get("--loss"));
    } catch (KerasImportException e) {
      err.println("error: " + e.getMessage());
      return BAD_INPUT;
    }
    Path sourceRoot = Path.of(flags.getOrDefault("--out", "."));
    Path source = sourceRoot.resolve(packageName.replace('.', '/')).resolve(className + ".java");
    Path weights = Path.of(weightsName);
    try {
      createParent(source);
      createParent(weights);
      AtomicFiles.write(source, imported.source().getBytes(StandardCharsets.UTF_8));
      Safetensors.write(weights, imported.weights(), Metadata.of(className, List.of(), null));
    } catch (IOException e) {
      err.println("error: cannot write: " + AtomicFiles.reason(e));
      return CANNOT_WRITE;
    } catch (UncheckedIOException e) {
      err.println("error: " + e.getMessage());
      return CANNOT_WRITE;
    }
    String qualified = packageName.isEmpty() ? className : packageName + "." + className;
    out.printf("Imported %s (%s): %d layers, %,d parameters%n", file, imported.version(),
        imported.layers(), imported.parameters());
    out.println("wrote " + source);
    out.println("wrote " + weights);
    out.println("Compile " + source.getFileName() + " with Dendrite's processor, then run "
        + qualified + "Trainer predict --load " + weights + " INPUT...");
    return 0;
  }

  private static void createParent(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
  }

  private static int usage(PrintStream err, String problem) {
    err.println("error: " + problem);
    err.print(USAGE);
    return BAD_INPUT;
  }

  /**
   * Imports {@code file} as the class {@code className} in {@code packageName}.
   *
   * @throws KerasImportException when the file is not a Keras model, or when its model has
   *     layers or options Dendrite does not support (all of them listed)
   */
  public static Imported importModel(Path file, String packageName, String className) {
    return importModel(file, packageName, className, null);
  }

  /**
   * Like {@link #importModel(Path, String, String)}, with the loss named {@code loss} in Keras'
   * words ({@code categorical_crossentropy}) instead of the file's, unless it is null.
   */
  public static Imported importModel(Path file, String packageName, String className,
      String loss) {
    KerasFile keras = KerasFile.read(file);
    List<String> problems = new ArrayList<>();
    List<JsonNode> layers = ModelImport.layers(keras.model(), problems);
    int[] input = ModelImport.input(keras.model(), problems);
    List<LayerImport.Imported> imported = new ArrayList<>();
    for (JsonNode layer : layers) {
      imported.add(LayerImport.of(layer, problems));
    }
    Map<String, Object> compile = ModelImport.compile(keras.training(), loss, problems);
    if (!problems.isEmpty()) {
      throw new KerasImportException(file.toString(), problems);
    }
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("input", input);
    model.putAll(compile);
    List<String> names = JavaSource.identifiers(
        imported.stream().map(LayerImport.Imported::kerasName).toList());
    List<List<Integer>> sources = ModelImport.sources(keras.model(), layers);
    List<JavaSource.Field> fields = new ArrayList<>();
    for (int i = 0; i < imported.size(); i++) {
      List<Integer> reads = sources.get(i);
      fields.add(new JavaSource.Field(names.get(i), imported.get(i),
          reads.equals(List.of(i - 1)) ? List.of() : reads.stream()
              .map(j -> j < 0 ? LayerSpec.INPUT : names.get(j)).toList()));
    }
    String origin = file.getFileName() + " (" + keras.version() + ")";
    String source = JavaSource.model(packageName, className, origin, model, fields);
    return new Imported(source, weights(keras, layers, fields), keras.version(), fields.size());
  }

  private static Map<String, INDArray> weights(KerasFile keras, List<JsonNode> layers,
      List<JavaSource.Field> fields) {
    List<List<KerasFile.Tensor>> stored = keras.weights(layers,
        fields.stream().map(f -> f.layer().variables().isEmpty()).toList());
    Map<String, INDArray> weights = new LinkedHashMap<>();
    for (int i = 0; i < fields.size(); i++) {
      JavaSource.Field field = fields.get(i);
      List<String> variables = field.layer().variables();
      List<KerasFile.Tensor> tensors = stored.get(i);
      if (tensors.size() != variables.size()) {
        throw new KerasImportException(keras.file() + ": layer '" + field.layer().kerasName()
            + "' (" + field.layer().kerasClass() + ") has " + tensors.size() + " weight"
            + (tensors.size() == 1 ? "" : "s") + " in the file "
            + tensors.stream().map(KerasFile.Tensor::path).toList() + "; its config means "
            + variables.size() + " " + variables);
      }
      for (int k = 0; k < variables.size(); k++) {
        KerasFile.Tensor t = tensors.get(k);
        long[] shape = Arrays.stream(t.shape()).asLongStream().toArray();
        INDArray array = t.values().length == 0 ? Nd4j.create(
            org.nd4j.linalg.api.buffer.DataType.FLOAT, shape)
            : Nd4j.createFromArray(t.values()).reshape('c', shape);
        weights.put(field.name() + "." + variables.get(k), array);
      }
    }
    return weights;
  }
}
