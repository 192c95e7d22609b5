package dev.dendrite.spark;

import dev.dendrite.Network;
import java.io.Serializable;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Makes the networks of one model on the driver and on every executor: shipped to the executors
 * with the tasks, so it must be serializable and the model's classes must be on their class
 * path (the user's model jar, README: Training on Spark).
 */
@FunctionalInterface
public interface NetworkFactory extends Serializable {

  /** A network initialised from {@code seed}. */
  Network create(long seed);

  /**
   * The generated {@code <Name>Network} class {@code className} (like
   * {@code dev.dendrite.examples.MnistMlpNetwork}) in {@code dataType}: FLOAT to train, DOUBLE
   * for exact comparisons.
   */
  static NetworkFactory of(String className, DataType dataType) {
    String typeName = dataType.name();
    return seed -> {
      Constructor<?> constructor;
      try {
        constructor = Class.forName(className, true, Thread.currentThread()
            .getContextClassLoader()).getConstructor(long.class, DataType.class);
      } catch (ClassNotFoundException e) {
        throw new IllegalArgumentException("no class " + className + " on the class path; "
            + "give the generated network's full name (like dev.dendrite.examples."
            + "MnistMlpNetwork) and ship the jar that holds it (spark-submit --jars)", e);
      } catch (NoSuchMethodException e) {
        throw new IllegalArgumentException(className + " is not a generated network: it has "
            + "no public (long seed, DataType) constructor", e);
      }
      try {
        return (Network) constructor.newInstance(seed, DataType.valueOf(typeName));
      } catch (InstantiationException | IllegalAccessException | ClassCastException e) {
        throw new IllegalArgumentException(className + " is not a generated network", e);
      } catch (InvocationTargetException e) {
        throw new IllegalStateException("cannot create " + className + ": "
            + e.getCause().getMessage(), e.getCause());
      }
    };
  }
}
