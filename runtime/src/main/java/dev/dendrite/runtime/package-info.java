/**
 * The kernels that Dendrite's generated code calls: element-wise and convolution kernels,
 * activations, losses, optimizers, the random stream and the per-batch buffers. Public so
 * generated code in any package can reach it; users write against {@code dev.dendrite} instead.
 * It depends on {@code dev.dendrite} only.
 */
package dev.dendrite.runtime;
