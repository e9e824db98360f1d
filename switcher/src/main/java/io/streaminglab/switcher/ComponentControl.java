package io.streaminglab.switcher;

import java.util.List;

/**
 * The lab's components, as the admin API stops and starts them for failover drills
 * ({@code streaming-lab ctl}, the status page's buttons). Only {@code up} has components to
 * control; a switcher run alone has {@link #NONE}.
 *
 * <p>Implementations are called from the switcher's event loop threads and must not block for
 * long: a stop or start is expected to take well under a second.
 */
public interface ComponentControl {
  /** A switcher that runs alone: no components. */
  ComponentControl NONE = new ComponentControl() {
    @Override
    public List<ComponentStatus> components() {
      return List.of();
    }

    @Override
    public ComponentStatus stop(String name) {
      throw new UnknownComponentException(name, List.of());
    }

    @Override
    public ComponentStatus start(String name) {
      throw new UnknownComponentException(name, List.of());
    }
  };

  /** Every component in data-path order. */
  List<ComponentStatus> components();

  /**
   * Stops a component as a fault would: its port closes or its output stops. Stopping a stopped
   * component changes nothing.
   *
   * @throws UnknownComponentException when no component has that name
   */
  ComponentStatus stop(String name);

  /**
   * Starts a stopped component again with its settings. Starting a running one changes nothing.
   *
   * @throws UnknownComponentException when no component has that name
   * @throws IllegalStateException with one sentence when it cannot start (a port taken)
   */
  ComponentStatus start(String name);

  /** Stops, then starts. */
  default ComponentStatus restart(String name) {
    stop(name);
    return start(name);
  }
}
