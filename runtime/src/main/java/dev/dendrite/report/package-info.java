/**
 * What a network answers and how well: evaluation over a data set
 * ({@link dev.dendrite.report.Evaluator}), answers per sample, the per-epoch history with its CSV
 * and plot, the confusion matrix, image grids and the report directory of a trainer run. It
 * depends on {@code dev.dendrite}, {@code dev.dendrite.runtime} and {@code dev.dendrite.io}.
 */
package dev.dendrite.report;
