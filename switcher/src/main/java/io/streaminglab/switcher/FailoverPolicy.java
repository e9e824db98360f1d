package io.streaminglab.switcher;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Decides which origin is active, a pure state machine fed one health verdict per origin per
 * check, with the time of the check.
 *
 * <p>States:
 * <ul>
 *   <li>primary active: the normal state;</li>
 *   <li>backup active: after a failover;</li>
 *   <li>pinned: an operator chose the active origin; checks change nothing until released.</li>
 * </ul>
 *
 * <p>Rules (hysteresis, so that nothing flaps):
 * <ol>
 *   <li>Fail over after {@code requiredWindows} bad checks of the active origin in a row, when
 *       the other is healthy now.</li>
 *   <li>Switch back to the primary after {@code requiredWindows} good checks of it in a row,
 *       and no sooner than {@code minDwell} after the last switch.</li>
 *   <li>While the backup is active and itself fails {@code requiredWindows} times in a row, go
 *       back to a healthy primary at once, dwell or not.</li>
 * </ol>
 */
public final class FailoverPolicy {
  private final int requiredWindows;
  private final Duration minDwell;

  private Origin active = Origin.PRIMARY;
  private Origin pinned;
  private int activeBadInARow;
  private int primaryGoodInARow;
  private Instant lastSwitchAt;
  private Switch lastSwitch;

  public FailoverPolicy(int requiredWindows, Duration minDwell) {
    if (requiredWindows < 1) {
      throw new IllegalArgumentException("requiredWindows < 1: " + requiredWindows);
    }
    this.requiredWindows = requiredWindows;
    this.minDwell = Objects.requireNonNull(minDwell, "minDwell == null");
  }

  public Origin active() {
    return active;
  }

  /** The pinned origin, or null when the policy decides. */
  public Origin pinned() {
    return pinned;
  }

  /** The last switch, or null when there was none. */
  public Switch lastSwitch() {
    return lastSwitch;
  }

  /**
   * One check of both origins.
   *
   * @return the switch this check made, or null
   */
  public Switch check(Instant now, Health primary, Health backup) {
    Health activeHealth = active == Origin.PRIMARY ? primary : backup;
    Health otherHealth = active == Origin.PRIMARY ? backup : primary;
    activeBadInARow = activeHealth.healthy() ? 0 : activeBadInARow + 1;
    primaryGoodInARow = primary.healthy() ? primaryGoodInARow + 1 : 0;
    if (pinned != null) {
      return null;
    }
    if (activeBadInARow >= requiredWindows && otherHealth.healthy()) {
      return switchTo(active.other(), now, Switch.Kind.automatic(active.other()),
          active.label() + " " + activeHealth.reason() + " for " + activeBadInARow
              + " checks; " + active.other().label() + " is healthy");
    }
    if (active == Origin.BACKUP && primaryGoodInARow >= requiredWindows
        && !now.isBefore(lastSwitchAt.plus(minDwell))) {
      return switchTo(Origin.PRIMARY, now, Switch.Kind.SWITCHBACK,
          "primary healthy for " + primaryGoodInARow + " checks");
    }
    return null;
  }

  /** Makes {@code origin} active now; the policy goes on deciding from there. */
  public Switch force(Origin origin, Instant now) {
    if (origin == active) {
      return null;
    }
    return switchTo(origin, now, Switch.Kind.automatic(origin), "forced by an operator");
  }

  /** Makes {@code origin} active and keeps it so until {@link #release}. */
  public Switch pin(Origin origin, Instant now) {
    pinned = origin;
    if (origin == active) {
      return null;
    }
    return switchTo(origin, now, Switch.Kind.automatic(origin), "pinned by an operator");
  }

  /** Lets the policy decide again. */
  public void release() {
    pinned = null;
  }

  private Switch switchTo(Origin origin, Instant now, Switch.Kind kind, String reason) {
    active = origin;
    activeBadInARow = 0;
    lastSwitchAt = now;
    lastSwitch = new Switch(kind, origin, reason, now);
    return lastSwitch;
  }

  /** A verdict on one origin at one check. */
  public record Health(boolean healthy, String reason) {
    public static final Health GOOD = new Health(true, "healthy");

    public static Health bad(String reason) {
      return new Health(false, reason);
    }
  }

  /**
   * A change of active origin.
   *
   * @param kind failover (primary to backup) or switchback (backup to primary)
   * @param to the origin now active
   * @param reason why, for the log and /healthz
   * @param at when
   */
  public record Switch(Kind kind, Origin to, String reason, Instant at) {
    /** Which way the switch went. */
    public enum Kind {
      FAILOVER,
      SWITCHBACK;

      static Kind automatic(Origin to) {
        return to == Origin.BACKUP ? FAILOVER : SWITCHBACK;
      }
    }
  }
}
