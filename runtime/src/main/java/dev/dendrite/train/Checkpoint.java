package dev.dendrite.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dendrite.Dataset;
import dev.dendrite.ModelSpec;
import dev.dendrite.Network;
import dev.dendrite.WeightsException;
import dev.dendrite.io.AtomicFiles;
import dev.dendrite.io.JsonChecksum;
import dev.dendrite.io.Quote;
import dev.dendrite.io.Safetensors;
import dev.dendrite.io.Standardization;
import dev.dendrite.io.StrictJson;
import dev.dendrite.report.EpochLog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A training checkpoint: a directory whose {@code checkpoint.json} holds the state of training at
 * the end of an epoch and names that epoch's weights and optimizer state, each a safetensors file
 * ({@code epoch-3-weights.safetensors}, {@code epoch-3-optimizer.safetensors}, and with
 * restore-best-weights {@code epoch-3-best-weights.safetensors}).
 *
 * <p>Writing a checkpoint writes the new tensor files completely, then replaces
 * {@code checkpoint.json} atomically (the commit), then deletes the previous epoch's files. A crash
 * at any moment therefore leaves {@code checkpoint.json} naming a complete checkpoint: the new one
 * or the last good one. The history goes to {@link HistoryFile}, appended, so that
 * {@code checkpoint.json} keeps one size. Reading checks {@code checkpoint.json}'s own checksum
 * ({@link JsonChecksum}), every field's type and range, the tensor files against the model, and
 * their and the history's SHA-256 against the ones recorded.
 */
final class Checkpoint {
  static final String INDEX = "checkpoint.json";
  static final String FORMAT = "dendrite-checkpoint";
  static final int VERSION = 2;

  /** Largest {@code checkpoint.json} read. */
  private static final long MAX_INDEX_BYTES = StrictJson.MAX_LENGTH;

  private static final Pattern TENSOR_FILE =
      Pattern.compile("epoch-\\d{1,9}-(weights|optimizer|best-weights)\\.safetensors");

  private Checkpoint() {}

  /**
   * Everything about a run at the end of an epoch besides its tensors.
   *
   * @param epoch epochs completed
   * @param shuffleState the shuffling generator's state, from which the next epoch shuffles;
   *     each epoch shuffles the previous epoch's order, so a resumed run replays the completed
   *     epochs' shuffles from the seed and checks that they arrive at this state
   * @param arguments the run's command line, without --resume, --checkpoint and --load
   * @param fingerprint a CRC-32C of the training file's samples, to recognise the same data
   * @param standardization the training statistics, or null when not standardizing
   * @param earlyStopping null when not stopping early
   * @param reduceLr null when not reducing the learning rate
   * @param bestOnly the best monitored value of best-only checkpoints (NaN: none yet), or null
   */
  record State(
      String model,
      int epoch,
      boolean stoppedEarly,
      long optimizerSteps,
      long dropoutState,
      long shuffleState,
      double learningRate,
      List<String> arguments,
      int trainSamples,
      int validationSamples,
      String fingerprint,
      List<String> classNames,
      Standardization standardization,
      EarlyStopping.State earlyStopping,
      ReduceLrOnPlateau.State reduceLr,
      Double bestOnly,
      List<EpochLog> history) {

    State {
      arguments = List.copyOf(arguments);
      classNames = List.copyOf(classNames);
      history = List.copyOf(history);
    }
  }

  /** A tensor file of a checkpoint and the SHA-256 it was written with. */
  record FileRef(String name, String sha256) {}

  /**
   * A checkpoint read from {@code dir}, its tensors not loaded yet.
   *
   * @param history the committed prefix of the directory's history file
   */
  record Loaded(Path dir, State state, FileRef weights, FileRef optimizer, FileRef bestWeights,
      HistoryFile.Ref history) {}

  /** Whether {@code dir} holds a checkpoint. */
  static boolean exists(Path dir) {
    return Files.exists(dir.resolve(INDEX));
  }

  // ---- writing ----

  /**
   * Writes a checkpoint of {@code network} and {@code state} into {@code dir} and makes it the
   * current one.
   *
   * @param history the directory's history file, which receives the state's new rows
   * @param bestWeights the best epoch's weights to keep as well, or null
   * @param weightsMetadata the metadata of the weights file (class names, standardization)
   */
  static void write(Path dir, State state, HistoryFile history, Network network,
      Map<String, INDArray> bestWeights, Map<String, String> weightsMetadata) throws IOException {
    HistoryFile.Ref rows = history.append(state.history());
    String prefix = "epoch-" + state.epoch() + "-";
    FileRef weights = writeTensors(dir, prefix + "weights.safetensors", network.variables(),
        weightsMetadata);
    FileRef optimizer = writeTensors(dir, prefix + "optimizer.safetensors",
        network.optimizerState(), Map.of("dendrite.model", state.model(),
            "dendrite.optimizer", network.spec().optimizer().name().toLowerCase(Locale.ROOT)));
    FileRef best = bestWeights == null ? null
        : writeTensors(dir, prefix + "best-weights.safetensors", bestWeights, weightsMetadata);
    byte[] index = JsonChecksum.seal(toJson(state, weights, optimizer, best, rows))
        .getBytes(StandardCharsets.UTF_8);
    AtomicFiles.write(dir.resolve(INDEX), index);
    Set<String> keep = new HashSet<>(List.of(weights.name(), optimizer.name()));
    if (best != null) {
      keep.add(best.name());
    }
    removeStale(dir, keep);
  }

  private static FileRef writeTensors(Path dir, String name, Map<String, INDArray> tensors,
      Map<String, String> metadata) throws IOException {
    byte[] sha = Safetensors.write(dir.resolve(name), tensors, metadata);
    return new FileRef(name, Safetensors.hex(sha));
  }

  /** Deletes earlier epochs' tensor files and temporary files of interrupted writes. */
  private static void removeStale(Path dir, Set<String> keep) throws IOException {
    List<Path> stale = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        String name = p.getFileName().toString();
        boolean oldTensors = TENSOR_FILE.matcher(name).matches() && !keep.contains(name);
        boolean temp = name.startsWith(AtomicFiles.TEMP_PREFIX)
            && name.endsWith(AtomicFiles.TEMP_SUFFIX)
            && (AtomicFiles.isTempFor(name, INDEX) || isTempOfTensors(name));
        if (oldTensors || temp) {
          stale.add(p);
        }
      }
    }
    for (Path p : stale) {
      Files.deleteIfExists(p);
    }
  }

  private static boolean isTempOfTensors(String name) {
    int end = name.indexOf(".safetensors.");
    return end > 0 && TENSOR_FILE.matcher(name.substring(1, end + ".safetensors".length()))
        .matches();
  }

  private static ObjectNode toJson(State s, FileRef weights, FileRef optimizer, FileRef best,
      HistoryFile.Ref rows) {
    ObjectNode json = StrictJson.object();
    json.put("format", FORMAT);
    json.put("version", VERSION);
    json.put("model", s.model());
    json.put("epoch", s.epoch());
    json.put("step", "completed");
    json.put("stopped_early", s.stoppedEarly());
    json.put("optimizer_steps", s.optimizerSteps());
    json.set("learning_rate", StrictJson.number(s.learningRate()));
    json.put("dropout_rng_state", s.dropoutState());
    json.put("shuffle_rng_state", s.shuffleState());
    json.set("weights", fileJson(weights));
    json.set("optimizer", fileJson(optimizer));
    json.set("best_weights", best == null ? null : fileJson(best));
    strings(json.putArray("arguments"), s.arguments());
    ObjectNode data = json.putObject("data");
    data.put("train_samples", s.trainSamples());
    data.put("validation_samples", s.validationSamples());
    data.put("fingerprint", s.fingerprint());
    strings(json.putArray("class_names"), s.classNames());
    if (s.standardization() == null) {
      json.putNull("standardization");
    } else {
      ObjectNode st = json.putObject("standardization");
      st.set("mean", StrictJson.numbers(s.standardization().mean()));
      st.set("std", StrictJson.numbers(s.standardization().std()));
    }
    ObjectNode callbacks = json.putObject("callbacks");
    if (s.earlyStopping() == null) {
      callbacks.putNull("early_stopping");
    } else {
      ObjectNode es = callbacks.putObject("early_stopping");
      es.put("wait", s.earlyStopping().waited());
      es.set("best", StrictJson.number(s.earlyStopping().best()));
      es.put("best_epoch", s.earlyStopping().bestEpoch());
    }
    if (s.reduceLr() == null) {
      callbacks.putNull("reduce_lr_on_plateau");
    } else {
      ObjectNode rl = callbacks.putObject("reduce_lr_on_plateau");
      rl.put("wait", s.reduceLr().waited());
      rl.put("cooldown_counter", s.reduceLr().cooldownCounter());
      rl.set("best", StrictJson.number(s.reduceLr().best()));
    }
    if (s.bestOnly() == null) {
      callbacks.putNull("checkpoint_best_only");
    } else {
      callbacks.putObject("checkpoint_best_only").set("best", StrictJson.number(s.bestOnly()));
    }
    ObjectNode history = json.putObject("history");
    history.put("file", HistoryFile.NAME);
    history.put("rows", rows.rows());
    history.put("bytes", rows.bytes());
    history.put("sha256", rows.sha256());
    return json;
  }

  private static ObjectNode fileJson(FileRef ref) {
    ObjectNode file = StrictJson.object();
    file.put("file", ref.name());
    file.put("sha256", ref.sha256());
    return file;
  }

  private static void strings(ArrayNode list, List<String> values) {
    for (String value : values) {
      list.add(value);
    }
  }

  // ---- reading ----

  /**
   * Reads and checks {@code dir/checkpoint.json} for {@code spec}'s model.
   *
   * @throws WeightsException naming the file and the problem
   */
  static Loaded read(Path dir, ModelSpec spec) {
    Path index = dir.resolve(INDEX);
    if (!Files.isDirectory(dir)) {
      throw new WeightsException(dir + ": no such checkpoint directory");
    }
    if (!Files.isRegularFile(index)) {
      throw new WeightsException(dir + ": holds no checkpoint (" + INDEX + " is missing); "
          + "checkpoints are written by --checkpoint DIR at the end of every epoch");
    }
    JsonNode json;
    try {
      long size = Files.size(index);
      if (size > MAX_INDEX_BYTES) {
        throw new WeightsException(index + ": is " + size + " bytes, larger than any checkpoint "
            + "index (at most " + MAX_INDEX_BYTES + ")");
      }
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(Files.readAllBytes(index))).toString();
      json = StrictJson.parse(text);
    } catch (CharacterCodingException e) {
      throw new WeightsException(index + ": is not UTF-8 text; the checkpoint is corrupt");
    } catch (StrictJson.SyntaxException e) {
      throw new WeightsException(index + ": is not valid JSON (" + e.getMessage()
          + "); the checkpoint is corrupt");
    } catch (IOException e) {
      throw new WeightsException(index + ": cannot read: " + e.getMessage(), e);
    }
    if (!json.isObject()) {
      throw new WeightsException(index + ": must hold a JSON object; the checkpoint is corrupt");
    }
    Fields f = new Fields(index, "", json);
    if (!FORMAT.equals(f.get("format").textValue())) {
      throw new WeightsException(index + ": is not a Dendrite checkpoint (its format is "
          + Quote.text(f.get("format").toString()) + ", expected \"" + FORMAT + "\")");
    }
    long version = f.integer("version", 1, Integer.MAX_VALUE);
    if (version != VERSION) {
      throw new WeightsException(index + ": has version " + version + "; this Dendrite reads "
          + "version " + VERSION + (version < VERSION ? " (finish the run with the Dendrite that "
              + "started it, or start a new one)" : ""));
    }
    if (!JsonChecksum.matches(json)) {
      throw new WeightsException(index + ": " + (JsonChecksum.isPresent(json)
          ? "its content does not match its checksum: the file was edited or corrupted after it "
              + "was written" : "has no checksum; the checkpoint is corrupt")
          + ". A checkpoint cannot be edited: resume from an unchanged copy, or start a new run");
    }
    String model = f.string("model");
    if (!model.equals(spec.name())) {
      throw new WeightsException(index + ": is a checkpoint of the model " + Quote.text(model)
          + ", not "
          + spec.name());
    }
    int epoch = (int) f.integer("epoch", 1, Integer.MAX_VALUE);
    if (!"completed".equals(f.get("step").textValue())) {
      throw new WeightsException(index + ": step must be \"completed\" (checkpoints are taken "
          + "at the end of an epoch), found " + Quote.text(f.get("step").toString()));
    }
    double learningRate = f.number("learning_rate");
    if (!(learningRate > 0)) {
      throw f.error("learning_rate", "must be positive, found " + learningRate);
    }
    Fields data = f.object("data");
    Standardization standardization = null;
    Fields st = f.objectOrNull("standardization");
    if (st != null) {
      float[] mean = st.floats("mean");
      float[] std = st.floats("std");
      if (mean.length != spec.inputSize() || std.length != spec.inputSize()) {
        throw st.error("mean", "and std must hold " + spec.inputSize() + " values each, found "
            + mean.length + " and " + std.length);
      }
      for (float s : std) {
        if (!(s > 0)) {
          throw st.error("std", "must hold positive values, found " + s);
        }
      }
      standardization = new Standardization(mean, std);
    }
    Fields callbacks = f.object("callbacks");
    EarlyStopping.State earlyStopping = null;
    Fields es = callbacks.objectOrNull("early_stopping");
    if (es != null) {
      earlyStopping = new EarlyStopping.State((int) es.integer("wait", 0, Integer.MAX_VALUE),
          es.numberOrNaN("best"), (int) es.integer("best_epoch", 0, Integer.MAX_VALUE));
    }
    ReduceLrOnPlateau.State reduceLr = null;
    Fields rl = callbacks.objectOrNull("reduce_lr_on_plateau");
    if (rl != null) {
      reduceLr = new ReduceLrOnPlateau.State((int) rl.integer("wait", 0, Integer.MAX_VALUE),
          (int) rl.integer("cooldown_counter", 0, Integer.MAX_VALUE), rl.numberOrNaN("best"));
    }
    Fields bo = callbacks.objectOrNull("checkpoint_best_only");
    Double bestOnly = bo == null ? null : bo.numberOrNaN("best");
    Fields h = f.object("history");
    if (!HistoryFile.NAME.equals(h.string("file"))) {
      throw h.error("file", "must be \"" + HistoryFile.NAME + "\"");
    }
    HistoryFile.Ref historyRef = new HistoryFile.Ref((int) h.integer("rows", epoch, epoch),
        h.integer("bytes", 0, Integer.MAX_VALUE - 8), sha256Field(h));
    List<EpochLog> history = new ArrayList<>();
    Path historyFile = dir.resolve(HistoryFile.NAME);
    List<String> lines = HistoryFile.readLines(dir, historyRef);
    for (int i = 0; i < lines.size(); i++) {
      JsonNode line;
      try {
        line = StrictJson.parse(lines.get(i));
      } catch (StrictJson.SyntaxException e) {
        throw new WeightsException(historyFile + ": line " + (i + 1) + " is not valid JSON ("
            + e.getMessage() + "); the checkpoint is corrupt");
      }
      if (!line.isObject()) {
        throw new WeightsException(historyFile + ": line " + (i + 1) + " must hold a JSON "
            + "object; the checkpoint is corrupt");
      }
      Fields row = new Fields(historyFile, "line " + (i + 1) + ": ", line);
      Map<String, Double> values = new LinkedHashMap<>();
      int rowEpoch = (int) row.integer("epoch", 0, Integer.MAX_VALUE);
      for (String key : row.keys()) {
        if (!key.equals("epoch")) {
          values.put(key, row.numberOrNaN(key));
        }
      }
      history.add(new EpochLog(rowEpoch, values));
    }
    State state = new State(model, epoch, f.bool("stopped_early"),
        f.integer("optimizer_steps", 0, Long.MAX_VALUE),
        f.integer("dropout_rng_state", Long.MIN_VALUE, Long.MAX_VALUE),
        f.integer("shuffle_rng_state", Long.MIN_VALUE, Long.MAX_VALUE),
        learningRate, f.strings("arguments"),
        (int) data.integer("train_samples", 1, Integer.MAX_VALUE),
        (int) data.integer("validation_samples", 0, Integer.MAX_VALUE),
        data.string("fingerprint"), f.strings("class_names"), standardization, earlyStopping,
        reduceLr, bestOnly, history);
    Fields best = f.objectOrNull("best_weights");
    return new Loaded(dir, state, fileRef(f.object("weights")), fileRef(f.object("optimizer")),
        best == null ? null : fileRef(best), historyRef);
  }

  private static FileRef fileRef(Fields f) {
    String name = f.string("file");
    if (!TENSOR_FILE.matcher(name).matches()) {
      throw f.error("file", "must name a tensor file of this directory like "
          + "epoch-3-weights.safetensors, found \"" + Quote.text(name) + "\"");
    }
    return new FileRef(name, sha256Field(f));
  }

  private static String sha256Field(Fields f) {
    String sha = f.string("sha256");
    if (!sha.matches("[0-9a-f]{64}")) {
      throw f.error("sha256", "must be 64 hexadecimal digits, found \"" + Quote.text(sha) + "\"");
    }
    return sha;
  }

  /**
   * Loads a checkpoint's weights, optimizer state, step count, dropout state and learning rate
   * into {@code network}.
   *
   * @return the best epoch's weights kept by the checkpoint, or null
   * @throws WeightsException when a tensor file is missing, corrupt or made for another model
   */
  static Map<String, INDArray> restore(Loaded loaded, Network network) {
    String model = "the model " + network.spec().name();
    load(loaded.dir(), loaded.weights(), network.variables(), model);
    load(loaded.dir(), loaded.optimizer(), network.optimizerState(),
        "the optimizer state of " + model);
    Map<String, INDArray> best = null;
    if (loaded.bestWeights() != null) {
      best = new LinkedHashMap<>();
      for (Map.Entry<String, INDArray> p : network.variables().entrySet()) {
        best.put(p.getKey(), p.getValue().ulike());
      }
      load(loaded.dir(), loaded.bestWeights(), best, model);
    }
    State s = loaded.state();
    network.setOptimizerSteps(s.optimizerSteps());
    network.setDropoutState(s.dropoutState());
    network.setLearningRate(s.learningRate());
    return best;
  }

  private static void load(Path dir, FileRef ref, Map<String, INDArray> targets, String owner) {
    Path file = dir.resolve(ref.name());
    Safetensors.load(file, targets, owner);
    String actual;
    try {
      actual = sha256(file);
    } catch (IOException e) {
      throw new WeightsException(file + ": cannot read: " + e.getMessage(), e);
    }
    if (!actual.equals(ref.sha256())) {
      throw new WeightsException(file + ": its SHA-256 " + actual + " differs from the "
          + ref.sha256() + " recorded in " + INDEX + ": the file is corrupt or was replaced");
    }
  }

  static String sha256(Path file) throws IOException {
    MessageDigest sha = Safetensors.sha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha.update(buffer, 0, n);
      }
    } catch (NoSuchFileException e) {
      throw new WeightsException(file + ": no such file; the checkpoint is incomplete");
    }
    return Safetensors.hex(sha.digest());
  }

  /** A CRC-32C of every sample's features and targets, as hex. */
  static String fingerprint(Dataset data) {
    CRC32C crc = new CRC32C();
    ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
    for (int i = 0; i < data.size(); i++) {
      for (int j = 0; j < data.featureSize(); j++) {
        if (!buffer.hasRemaining()) {
          crc.update(buffer.flip());
          buffer.clear();
        }
        buffer.putFloat(data.feature(i, j));
      }
      for (int j = 0; j < data.targetSize(); j++) {
        if (!buffer.hasRemaining()) {
          crc.update(buffer.flip());
          buffer.clear();
        }
        buffer.putFloat(data.target(i, j));
      }
    }
    crc.update(buffer.flip());
    return String.format("crc32c:%08x", crc.getValue());
  }

  /** Typed access to one JSON object of a checkpoint, every problem naming the file and key. */
  private record Fields(Path file, String path, JsonNode map) {
    JsonNode get(String key) {
      if (!map.has(key)) {
        throw error(key, "is missing");
      }
      return map.get(key);
    }

    List<String> keys() {
      List<String> keys = new ArrayList<>();
      for (Map.Entry<String, JsonNode> property : map.properties()) {
        keys.add(property.getKey());
      }
      return keys;
    }

    WeightsException error(String key, String problem) {
      return new WeightsException(file + ": " + path + Quote.text(key) + " " + problem
          + "; the checkpoint is corrupt");
    }

    long integer(String key, long min, long max) {
      JsonNode v = get(key);
      if (v.isIntegralNumber() && v.canConvertToLong() && v.longValue() >= min
          && v.longValue() <= max) {
        return v.longValue();
      }
      throw error(key, "must be an integer in [" + min + ", " + max + "], found "
          + Quote.text(v.toString()));
    }

    double number(String key) {
      JsonNode v = get(key);
      if (v.isNumber() && Double.isFinite(v.doubleValue())) {
        return v.doubleValue();
      }
      throw error(key, "must be a finite number, found " + Quote.text(v.toString()));
    }

    /** A number, or NaN for null (how non-finite values are written). */
    double numberOrNaN(String key) {
      return get(key).isNull() ? Double.NaN : number(key);
    }

    String string(String key) {
      if (get(key).isTextual()) {
        return get(key).textValue();
      }
      throw error(key, "must be a string, found " + Quote.text(get(key).toString()));
    }

    boolean bool(String key) {
      if (get(key).isBoolean()) {
        return get(key).booleanValue();
      }
      throw error(key, "must be true or false, found " + Quote.text(get(key).toString()));
    }

    List<String> strings(String key) {
      JsonNode list = get(key);
      if (list.isArray() && list.valueStream().allMatch(JsonNode::isTextual)) {
        return list.valueStream().map(JsonNode::textValue).toList();
      }
      throw error(key, "must be a list of strings");
    }

    float[] floats(String key) {
      JsonNode list = get(key);
      if (list.isArray()) {
        float[] values = new float[list.size()];
        for (int i = 0; i < values.length; i++) {
          if (!list.get(i).isNumber() || !Float.isFinite(list.get(i).floatValue())) {
            throw error(key, "must be a list of finite numbers");
          }
          values[i] = list.get(i).floatValue();
        }
        return values;
      }
      throw error(key, "must be a list of numbers");
    }

    Fields object(String key) {
      if (get(key).isObject()) {
        return new Fields(file, path + key + ".", get(key));
      }
      throw error(key, "must be an object, found " + Quote.text(get(key).toString()));
    }

    Fields objectOrNull(String key) {
      return get(key).isNull() ? null : object(key);
    }
  }
}
