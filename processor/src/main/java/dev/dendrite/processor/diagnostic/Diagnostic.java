package dev.dendrite.processor.diagnostic;

import dev.dendrite.processor.model.Origin;

/** One reported problem: what, in words, and where. */
public record Diagnostic(Message message, String text, Origin origin) {

  public static Diagnostic of(Message message, Origin origin, Object... args) {
    return new Diagnostic(message, message.format(args), origin);
  }

  public boolean isError() {
    return message.kind() == javax.tools.Diagnostic.Kind.ERROR;
  }
}
