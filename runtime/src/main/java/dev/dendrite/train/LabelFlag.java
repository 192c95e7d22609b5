package dev.dendrite.train;

import picocli.CommandLine.Option;

/** {@code --label COLUMN}, which training and prediction share. */
final class LabelFlag {
  @Option(names = "--label", paramLabel = "COLUMN",
      description = "CSV label column (default: the last column)")
  String column;
}
