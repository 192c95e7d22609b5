package dev.dendrite.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dendrite.ModelSpec;
import dev.dendrite.Network;
import dev.dendrite.WeightsException;
import io.jhdf.HdfFile;
import io.jhdf.exceptions.HdfException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Keras 3's {@code .keras} archive: a zip of stored (uncompressed) members
 * {@code metadata.json}, {@code config.json} ({@link KerasConfig}) and {@code model.weights.h5}
 * ({@link KerasWeights}, with the optimizer's state), plus {@code dendrite.json}, Dendrite's
 * metadata (class names, standardization statistics), which Keras ignores.
 */
final class KerasArchive {
  /** The Keras version the archives claim: the layout and config are those of Keras 3.4. */
  static final String KERAS_VERSION = "3.4.1";
  static final String METADATA = "metadata.json";
  static final String CONFIG = "config.json";
  static final String WEIGHTS = "model.weights.h5";
  static final String DENDRITE = "dendrite.json";
  /** The largest member read: 1 GiB. */
  private static final long MAX_MEMBER = 1L << 30;

  private KerasArchive() {}

  /** Whether {@code file} is named as a Keras archive ({@code .keras}). */
  static boolean isArchive(Path file) {
    return file.getFileName().toString().endsWith(".keras");
  }

  /**
   * Writes the network as a {@code .keras} archive atomically, a cosine-decaying learning rate
   * as {@code CosineDecay} over the steps taken so far.
   *
   * @throws WeightsException naming the layers Keras has no counterpart of
   * @throws UncheckedIOException when the file cannot be written
   */
  static void save(Path file, Network network, Map<String, String> metadata) {
    KerasWeights.checkKeras(network.spec(), "cannot write " + file);
    try {
      ObjectNode info = StrictJson.object();
      info.put("keras_version", KERAS_VERSION);
      info.put("date_saved", LocalDateTime.now(ZoneOffset.UTC)
          .format(DateTimeFormatter.ofPattern("yyyy-MM-dd@HH:mm:ss")));
      Map<String, byte[]> members = new LinkedHashMap<>();
      members.put(METADATA, utf8(StrictJson.write(info)));
      members.put(CONFIG, utf8(StrictJson.write(
          KerasConfig.of(network, network.optimizerSteps()))));
      members.put(WEIGHTS, KerasWeights.bytes(network, true));
      members.put(DENDRITE, utf8(StrictJson.write(metadata)));
      AtomicFiles.write(file.toAbsolutePath(), zip(members));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + AtomicFiles.reason(e), e);
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] zip(Map<String, byte[]> members) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> member : members.entrySet()) {
        byte[] data = member.getValue();
        ZipEntry entry = new ZipEntry(member.getKey());
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.length);
        entry.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(data);
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  /**
   * Reads a {@code .keras} archive into the network: checks its config against the model, then
   * reads its weights, and the optimizer's state when the file's optimizer is the model's.
   * Nothing changes unless all is valid.
   */
  static void load(Path file, Network network) {
    ModelSpec spec = network.spec();
    KerasWeights.checkKeras(spec, "cannot read " + file);
    try (ZipFile zip = open(file)) {
      JsonNode config = json(zip, file, CONFIG, true);
      KerasConfig.check(config, spec, file + ": " + CONFIG);
      JsonNode optimizer = config.path("compile_config").path("optimizer");
      boolean same = optimizer.isObject() && KerasOptimizer.difference(optimizer, spec).isEmpty();
      Boolean withRate = same ? !optimizer.path("config").path("learning_rate").isObject() : null;
      byte[] weights = member(zip, file, WEIGHTS, true);
      String where = file + ": " + WEIGHTS;
      try (HdfFile hdf = HdfFile.fromBytes(weights)) {
        KerasWeights.read(hdf, where, network, same, withRate).apply(network);
      } catch (HdfException | IllegalArgumentException e) {
        throw new WeightsException(where + ": not a readable HDF5 weights file: "
            + Quote.text(e.getMessage(), 300), e);
      }
    } catch (IOException e) {
      throw new WeightsException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** The Dendrite metadata in the archive ({@code dendrite.json}); empty when it has none. */
  static Map<String, String> metadata(Path file) {
    try (ZipFile zip = open(file)) {
      JsonNode node = json(zip, file, DENDRITE, false);
      Map<String, String> metadata = new LinkedHashMap<>();
      if (node == null) {
        return metadata;
      }
      if (!node.isObject()) {
        throw new WeightsException(file + ": " + DENDRITE + " must hold a JSON object");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isTextual()) {
          throw new WeightsException(file + ": " + DENDRITE + ": " + Quote.text(e.getKey())
              + " must be a string");
        }
        metadata.put(e.getKey(), e.getValue().textValue());
      }
      return metadata;
    } catch (IOException e) {
      throw new WeightsException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static ZipFile open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new WeightsException(file + ": no such file");
    }
    try {
      return new ZipFile(file.toFile());
    } catch (ZipException e) {
      throw new WeightsException(file + ": not a Keras archive (.keras files are zip files): "
          + e.getMessage(), e);
    }
  }

  private static JsonNode json(ZipFile zip, Path file, String name, boolean required)
      throws IOException {
    byte[] bytes = member(zip, file, name, required);
    if (bytes == null) {
      return null;
    }
    try {
      return StrictJson.parse(new String(bytes, StandardCharsets.UTF_8));
    } catch (StrictJson.SyntaxException e) {
      throw new WeightsException(file + ": " + name + " is not valid JSON: " + e.getMessage());
    }
  }

  private static byte[] member(ZipFile zip, Path file, String name, boolean required)
      throws IOException {
    ZipEntry entry = zip.getEntry(name);
    if (entry == null) {
      if (required) {
        throw new WeightsException(file + ": missing member " + name + " (a Keras 3 archive has "
            + METADATA + ", " + CONFIG + " and " + WEIGHTS + ")");
      }
      return null;
    }
    if (entry.getSize() > MAX_MEMBER) {
      throw new WeightsException(file + ": " + name + " is " + entry.getSize()
          + " bytes, more than the " + MAX_MEMBER + " read");
    }
    try (InputStream in = zip.getInputStream(entry)) {
      return in.readAllBytes();
    }
  }
}
