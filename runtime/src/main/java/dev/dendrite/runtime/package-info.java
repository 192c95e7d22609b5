/**
 * The small runtime that Dendrite's generated code calls: element-wise kernels, losses,
 * optimizers, data readers and the command-line trainer. Public so generated code in any package
 * can reach it; users write against {@code dev.dendrite} instead.
 */
package dev.dendrite.runtime;
