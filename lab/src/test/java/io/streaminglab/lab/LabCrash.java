package io.streaminglab.lab;

/**
 * Faults the admin API refuses to cause, for the tests of what the lab does after them: a
 * component stopped as a crash or a kill would stop it, with no switcher asked.
 */
public final class LabCrash {
  private LabCrash() {}

  /** Stops {@code component} of {@code lab}, whatever else runs. */
  public static void stop(Lab lab, String component) {
    lab.components().find(component).stop();
  }

  /** Starts it again, as an operator restarting a container would. */
  public static void start(Lab lab, String component) throws InterruptedException {
    lab.components().find(component).start();
  }
}
