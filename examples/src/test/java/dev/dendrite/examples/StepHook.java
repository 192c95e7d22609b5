package dev.dendrite.examples;

import dev.dendrite.Network;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.function.LongFunction;

/**
 * Networks that run an action just before a given training step, counted over the whole run
 * from 1: how a test reaches a known point inside a trainer run, whatever the machine's speed.
 */
final class StepHook {
  private StepHook() {}

  /** The networks of {@code factory}, each running {@code action} before its {@code step}th fit. */
  static LongFunction<Network> beforeStep(LongFunction<Network> factory, long step,
      Runnable action) {
    return seed -> wrap(factory.apply(seed), step, action);
  }

  private static Network wrap(Network network, long step, Runnable action) {
    long[] steps = {0};
    return (Network) Proxy.newProxyInstance(Network.class.getClassLoader(),
        new Class<?>[] {Network.class}, (proxy, method, args) -> {
          if (method.getName().equals("fit") && ++steps[0] == step) {
            action.run();
          }
          try {
            return method.invoke(network, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
