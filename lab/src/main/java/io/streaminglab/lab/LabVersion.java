package io.streaminglab.lab;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest, or "development" when run from classes. */
final class LabVersion implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = StreamingLab.class.getPackage().getImplementationVersion();
    return new String[] {"streaming-lab " + (version == null ? "development" : version)};
  }
}
