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

  @Override
  public ComponentStatus stop(String name) {
    LabComponent component = find(name);
    component.stop();
    return component.status();
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

  private synchronized LabComponent find(String name) {
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
