package dev.dendrite.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dendrite.WeightsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metadata of a Keras {@code .weights.h5} file, which cannot carry it: a JSON file beside it,
 * {@code <file>.dendrite.json}, with the model's name, class names and standardization
 * statistics ({@link Metadata}'s values) and the SHA-256 of the weights file it describes, so
 * that metadata left beside another version of the file is never used.
 */
final class WeightsSidecar {
  static final String SUFFIX = ".dendrite.json";
  static final String FORMAT = "dendrite-weights-metadata";

  /** The largest sidecar read. */
  private static final long MAX_BYTES = 64L << 20;

  private WeightsSidecar() {}

  /** The sidecar of {@code weights}. */
  static Path of(Path weights) {
    return weights.resolveSibling(weights.getFileName() + SUFFIX);
  }

  /** Writes {@code weights}' sidecar atomically, after the weights file itself. */
  static void write(Path weights, Map<String, String> metadata) throws IOException {
    ObjectNode json = StrictJson.object();
    json.put("format", FORMAT);
    json.put("version", 1);
    json.put("weights", weights.getFileName().toString());
    json.put("sha256", sha256(weights));
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      if (e.getKey().equals(Metadata.MODEL)) {
        json.put(e.getKey(), e.getValue());
      } else {
        try {
          json.set(e.getKey(), StrictJson.parse(e.getValue()));
        } catch (StrictJson.SyntaxException x) {
          throw new IllegalArgumentException("metadata " + e.getKey() + " is not JSON", x);
        }
      }
    }
    AtomicFiles.write(of(weights), StrictJson.writePretty(json).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The metadata of {@code weights} from its sidecar, or null when it has none.
   *
   * @throws WeightsException naming the sidecar when it is unreadable or describes another file
   */
  static Map<String, String> read(Path weights) {
    Path sidecar = of(weights);
    if (!Files.exists(sidecar)) {
      return null;
    }
    JsonNode json;
    try {
      if (Files.size(sidecar) > MAX_BYTES) {
        throw new WeightsException(sidecar + ": is larger than any weights metadata (at most "
            + MAX_BYTES + " bytes)");
      }
      json = StrictJson.parse(Files.readString(sidecar));
    } catch (IOException e) {
      throw new WeightsException(sidecar + ": cannot read: " + AtomicFiles.reason(e), e);
    } catch (StrictJson.SyntaxException e) {
      throw new WeightsException(sidecar + ": is not valid JSON (" + e.getMessage() + ")");
    }
    if (!json.isObject() || !FORMAT.equals(json.path("format").textValue())
        || !json.path("sha256").isTextual()) {
      throw new WeightsException(sidecar + ": is not the metadata of a weights file (format \""
          + FORMAT + "\" with its \"sha256\")");
    }
    String actual;
    try {
      actual = sha256(weights);
    } catch (IOException e) {
      throw new WeightsException(weights + ": cannot read: " + AtomicFiles.reason(e), e);
    }
    if (!actual.equals(json.get("sha256").textValue())) {
      throw new WeightsException(sidecar + ": describes another version of " + weights
          + " (its SHA-256 differs), so its class names and standardization statistics may not "
          + "fit these weights; save the weights again with --save, or remove " + sidecar
          + " to use the file without them");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    for (String key : new String[] {Metadata.MODEL, Metadata.CLASSES, Metadata.STANDARDIZATION}) {
      JsonNode value = json.get(key);
      if (value != null && !value.isNull()) {
        metadata.put(key, value.isTextual() ? value.textValue() : StrictJson.write(value));
      }
    }
    return metadata;
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest sha = Safetensors.sha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha.update(buffer, 0, n);
      }
    }
    return Safetensors.hex(sha.digest());
  }
}
