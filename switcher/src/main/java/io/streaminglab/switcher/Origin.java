package io.streaminglab.switcher;

/** The two origins the switcher watches. Their names are the {@code origin} metric label. */
public enum Origin {
  PRIMARY("primary"),
  BACKUP("backup");

  private final String label;

  Origin(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public Origin other() {
    return this == PRIMARY ? BACKUP : PRIMARY;
  }

  /** The origin named {@code label}, or null. */
  public static Origin of(String label) {
    for (Origin origin : values()) {
      if (origin.label.equalsIgnoreCase(label)) {
        return origin;
      }
    }
    return null;
  }
}
