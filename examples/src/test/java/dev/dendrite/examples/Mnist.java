package dev.dendrite.examples;

import dev.dendrite.Dataset;
import dev.dendrite.io.DataFiles;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The MNIST digits the tests use, decompressed once per JVM: the first {@value #TRAIN_KEPT}
 * training and {@value #TEST_KEPT} test images (more than any test needs), flat {@code [n, 784]}
 * with one-hot labels, as every MNIST model here reads them.
 */
final class Mnist {
  static final int TRAIN_KEPT = 6000;
  static final int TEST_KEPT = 2000;

  private static Dataset train;
  private static Dataset test;

  private Mnist() {}

  /** The first {@code count} training images. */
  static synchronized Dataset train(int count) {
    if (train == null) {
      train = load("data/mnist/train-images-idx3-ubyte.gz", TRAIN_KEPT);
    }
    return train.slice(0, count);
  }

  /** The first {@code count} test images. */
  static synchronized Dataset test(int count) {
    if (test == null) {
      test = load("data/mnist/t10k-images-idx3-ubyte.gz", TEST_KEPT);
    }
    return test.slice(0, count);
  }

  private static Dataset load(String file, int kept) {
    return DataFiles.load(Path.of(file), MnistMlpNetwork.SPEC, null, List.of()).slice(0, kept);
  }

  /** The class of sample {@code i}: the index of its one-hot target. */
  static int label(Dataset data, int i) {
    int label = 0;
    for (int c = 1; c < data.targetSize(); c++) {
      if (data.target(i, c) > data.target(i, label)) {
        label = c;
      }
    }
    return label;
  }

  /** The pixels of sample {@code i}, in [0, 1]. */
  static float[] pixels(Dataset data, int i) {
    float[] pixels = new float[data.featureSize()];
    for (int j = 0; j < pixels.length; j++) {
      pixels[j] = data.feature(i, j);
    }
    return pixels;
  }

  /**
   * Writes {@code data} as raw IDX files {@code <name>-images-idx3-ubyte} and
   * {@code <name>-labels-idx1-ubyte} in {@code dir}, for the trainer's {@code --train} and
   * {@code --test}; returns the images file.
   */
  static Path writeIdx(Path dir, String name, Dataset data) {
    Path images = dir.resolve(name + "-images-idx3-ubyte");
    try {
      try (DataOutputStream out = stream(images)) {
        out.writeInt(2051);
        out.writeInt(data.size());
        out.writeInt(28);
        out.writeInt(28);
        for (int i = 0; i < data.size(); i++) {
          for (int j = 0; j < 784; j++) {
            out.writeByte(Math.round(data.feature(i, j) * 255));
          }
        }
      }
      try (DataOutputStream out = stream(dir.resolve(name + "-labels-idx1-ubyte"))) {
        out.writeInt(2049);
        out.writeInt(data.size());
        for (int i = 0; i < data.size(); i++) {
          out.writeByte(label(data, i));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return images;
  }

  private static DataOutputStream stream(Path file) throws IOException {
    return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)));
  }
}
