package io.streaminglab.ingest.hub;

/** A publisher asked for a path that another publisher already holds. */
public final class PathBusyException extends Exception {
  public PathBusyException(String path) {
    super("path '" + path + "' already has a publisher");
  }
}
