package dev.dendrite.spark;

import dev.dendrite.Network;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The networks of an executor JVM, kept between tasks: a task borrows one (a network is not
 * thread-safe, and an executor runs several tasks at once), overwrites its weights from the
 * broadcast and returns it, so that no task pays for a network's construction and buffers.
 * Networks are pooled by the key of the trainer or predictor that made them (a deserialized
 * factory is a new object in every task, so it cannot be the key).
 */
final class NetworkPool {
  private static final Map<String, Queue<Network>> IDLE = new ConcurrentHashMap<>();

  private NetworkPool() {}

  /** An idle network pooled under {@code key}, or a new one from {@code factory}. */
  static Network borrow(String key, NetworkFactory factory) {
    Network network = IDLE.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).poll();
    return network != null ? network : factory.create(0);
  }

  /** Returns a network after a task that ended normally; a failed task's is dropped. */
  static void giveBack(String key, Network network) {
    IDLE.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).add(network);
  }
}
