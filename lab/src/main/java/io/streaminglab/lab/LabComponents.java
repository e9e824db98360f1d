package io.streaminglab.lab;

import io.streaminglab.switcher.ComponentControl;
import io.streaminglab.switcher.ComponentStatus;
import io.streaminglab.switcher.UnknownComponentException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The components of {@code up} by their compose service names, for the admin API: what
 * {@code ctl} and the status page's buttons stop and start.
 */
final class LabComponents implements ComponentControl {
  private final Map<String, LabComponent> components = new LinkedHashMap<>();

  /** Adds one; the order of adding is the order of {@link #components()}. */
  synchronized <T extends LabComponent> T add(T component) {
    components.put(component.name(), component);
    return component;
  }

  @Override
  public synchronized List<ComponentStatus> components() {
    List<ComponentStatus> all = new ArrayList<>();
    for (LabComponent component : components.values()) {
      all.add(component.status());
    }
    return all;
  }

  /**
   * Stops one; refuses to stop the last component running through which {@code ctl} and the
   * status page reach the lab (a switcher): nothing could start anything again.
   */
  @Override
  public ComponentStatus stop(String name) {
    LabComponent component = find(name);
    if (!component.servesControl()) {
      component.stop();
      return component.status();
    }
    // Checked and stopped under one lock: two stops at once must not take down both.
    synchronized (this) {
      List<String> others = new ArrayList<>();
      boolean anotherRuns = false;
      for (LabComponent c : components.values()) {
        if (c != component && c.servesControl()) {
          others.add(c.name());
          anotherRuns |= c.status().running();
        }
      }
      if (component.status().running() && !anotherRuns) {
        throw new IllegalStateException(component.name() + " is the last switcher running, "
            + "and ctl and the status page reach the lab only through a switcher: start "
            + (others.isEmpty() ? "another one" : String.join(" or ", others))
            + " first, or end the lab with Ctrl-C.");
      }
      component.stop();
      return component.status();
    }
  }

  @Override
  public ComponentStatus start(String name) {
    LabComponent component = find(name);
    try {
      component.start();
    } catch (LabException e) {
      throw new IllegalStateException(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(name + " was interrupted while starting.", e);
    }
    return component.status();
  }

  /** The seed's names of the components that are now the primaries of a redundant pair. */
  private static final Map<String, String> ALIASES = Map.of("ingest", "ingest-primary",
      "switcher", "switcher-primary");

  /** The component of that name or alias; an unknown one names the known ones. */
  synchronized LabComponent find(String name) {
    LabComponent component = components.get(name);
    if (component == null && ALIASES.containsKey(name)) {
      component = components.get(ALIASES.get(name));
    }
    if (component == null) {
      throw new UnknownComponentException(name, List.copyOf(components.keySet()));
    }
    return component;
  }
}
