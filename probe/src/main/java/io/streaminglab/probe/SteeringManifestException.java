package io.streaminglab.probe;

/** A steering manifest that cannot be used; the message says what is wrong with it. */
public final class SteeringManifestException extends Exception {
  public SteeringManifestException(String message) {
    super(message);
  }
}
