package io.streaminglab.hls;

import java.util.Objects;

/**
 * One EXT-X-STREAM-INF of a multivariant playlist and the URI of its media playlist (RFC 8216,
 * section 4.3.4.2). Variants that differ only in their URI (and pathway) are redundant copies
 * of one stream: a player moves between them when one fails.
 *
 * @param uri the media playlist's URI
 * @param bandwidth BANDWIDTH: peak bits per second, required
 * @param averageBandwidth AVERAGE-BANDWIDTH, or null
 * @param resolution RESOLUTION such as {@code 640x360}, or null
 * @param codecs CODECS such as {@code avc1.64001e,mp4a.40.2}, or null
 * @param frameRate FRAME-RATE, or null
 * @param pathwayId PATHWAY-ID (content steering), or null
 */
public record VariantStream(String uri, long bandwidth, Long averageBandwidth, String resolution,
    String codecs, Double frameRate, String pathwayId) {

  public VariantStream {
    Objects.requireNonNull(uri, "uri == null");
    if (uri.isBlank() || uri.indexOf('\n') >= 0 || uri.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("uri is blank or spans lines");
    }
    if (bandwidth < 0 || (averageBandwidth != null && averageBandwidth < 0)) {
      throw new IllegalArgumentException("negative bandwidth");
    }
    if (resolution != null && !resolution.matches("[0-9]{1,5}x[0-9]{1,5}")) {
      throw new IllegalArgumentException("resolution is not WIDTHxHEIGHT: " + resolution);
    }
    if (frameRate != null && !(frameRate > 0 && frameRate < 1000)) {
      throw new IllegalArgumentException("frame rate out of range: " + frameRate);
    }
    AttributeList.checkQuotable("codecs", codecs);
    AttributeList.checkQuotable("pathwayId", pathwayId);
  }

  /** The same stream at another URI, on another pathway: a redundant copy. */
  public VariantStream at(String otherUri, String otherPathway) {
    return new VariantStream(otherUri, bandwidth, averageBandwidth, resolution, codecs,
        frameRate, otherPathway);
  }
}
