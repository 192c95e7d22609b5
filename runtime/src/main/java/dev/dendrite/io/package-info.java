/**
 * File formats: CSV and MNIST IDX data ({@link dev.dendrite.io.DataFiles}), images, weights as
 * safetensors or Keras {@code .weights.h5} ({@link dev.dendrite.io.Weights}), the metadata and
 * standardization statistics saved with them, JSON and atomic file replacement. It depends on
 * {@code dev.dendrite} only.
 */
package dev.dendrite.io;
