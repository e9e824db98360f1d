package io.streaminglab.switcher;

import java.util.List;

/** The admin API was asked to act on a component that the lab does not have. */
public final class UnknownComponentException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnknownComponentException(String name, List<String> known) {
    super(known.isEmpty()
        ? "This switcher runs alone; components can be stopped and started only in 'up'."
        : "No component is named '" + name + "'; use one of " + String.join(", ", known) + ".");
  }
}
