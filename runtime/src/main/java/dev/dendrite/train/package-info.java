/**
 * The training loop and its command-line front ({@link dev.dendrite.train.TrainerCli}, which
 * generated trainers call, with its {@code predict} command): options, callbacks (early
 * stopping, learning-rate reduction), progress and checkpoints. It sits on top: it depends on
 * every other package and none depends on it.
 */
package dev.dendrite.train;
