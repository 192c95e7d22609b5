package dev.dendrite.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The flags of {@code <Name>Trainer predict}; {@link Commands} adds its model-specific help. Its
 * own help is {@code predict --help}; the trainer's synopsis names it, so it is no entry of a
 * command list.
 */
@Command(name = Commands.PREDICT, sortOptions = false, usageHelpWidth = 100,
    hidden = true,
    descriptionHeading = "%n", optionListHeading = "%nOptions:%n")
final class PredictFlags {
  @Option(names = "--load", paramLabel = "FILE", description = "the weights (required)")
  Path load;

  @Mixin
  LabelFlag label = new LabelFlag();

  @Option(names = "--no-invert", arity = "0",
      description = "never invert dark-on-light images")
  boolean noInvert;

  @Option(names = {"--help", "-h"}, usageHelp = true, arity = "0",
      description = "show this help")
  boolean help;

  @Parameters(paramLabel = "INPUT", hidden = true)
  List<Path> inputs = new ArrayList<>();
}
