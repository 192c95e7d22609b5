package dev.dendrite.processor.diagnostic;

import dev.dendrite.processor.model.Origin;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Messager;

/** Diagnostics collected by a stage; code is generated only from a model without errors. */
public final class Report {
  private final List<Diagnostic> items = new ArrayList<>();

  public void add(Message message, Origin origin, Object... args) {
    items.add(Diagnostic.of(message, origin, args));
  }

  public boolean hasErrors() {
    return items.stream().anyMatch(Diagnostic::isError);
  }

  public List<Diagnostic> items() {
    return List.copyOf(items);
  }

  /** Prints every item on its element, annotation and value. */
  public void printTo(Messager messager) {
    for (Diagnostic d : items) {
      Origin o = d.origin();
      if (o.value() != null) {
        messager.printMessage(d.message().kind(), d.text(), o.element(), o.annotation(), o.value());
      } else if (o.annotation() != null) {
        messager.printMessage(d.message().kind(), d.text(), o.element(), o.annotation());
      } else {
        messager.printMessage(d.message().kind(), d.text(), o.element());
      }
    }
  }
}
