package io.streaminglab.switcher;

import java.util.Objects;

/**
 * One component of the lab as the admin API reports it.
 *
 * @param name the compose service name ({@code origin-primary}, {@code publisher}, ...)
 * @param running whether it is running
 * @param detail what it does or where, for people ({@code :8081 serving /tmp/.../hls_primary})
 */
public record ComponentStatus(String name, boolean running, String detail) {
  public ComponentStatus {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(detail, "detail == null");
  }
}
