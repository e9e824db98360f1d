package io.streaminglab.hls;

import java.math.BigDecimal;

/** Writes a multivariant playlist as the HLS spec's text, attributes in a fixed order. */
public final class MultivariantWriter {
  private MultivariantWriter() {}

  public static String write(MultivariantPlaylist playlist) {
    StringBuilder out = new StringBuilder(128 + 160 * playlist.variants().size());
    out.append("#EXTM3U\n");
    out.append("#EXT-X-VERSION:").append(playlist.version()).append('\n');
    if (playlist.independentSegments()) {
      out.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
    }
    ContentSteering steering = playlist.steering();
    if (steering != null) {
      out.append("#EXT-X-CONTENT-STEERING:SERVER-URI=\"").append(steering.serverUri())
          .append('"');
      if (steering.pathwayId() != null) {
        out.append(",PATHWAY-ID=\"").append(steering.pathwayId()).append('"');
      }
      out.append('\n');
    }
    for (VariantStream variant : playlist.variants()) {
      out.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(variant.bandwidth());
      if (variant.averageBandwidth() != null) {
        out.append(",AVERAGE-BANDWIDTH=").append(variant.averageBandwidth());
      }
      if (variant.resolution() != null) {
        out.append(",RESOLUTION=").append(variant.resolution());
      }
      if (variant.frameRate() != null) {
        out.append(",FRAME-RATE=").append(BigDecimal.valueOf(variant.frameRate())
            .setScale(3, java.math.RoundingMode.HALF_EVEN).toPlainString());
      }
      if (variant.codecs() != null) {
        out.append(",CODECS=\"").append(variant.codecs()).append('"');
      }
      if (variant.pathwayId() != null) {
        out.append(",PATHWAY-ID=\"").append(variant.pathwayId()).append('"');
      }
      out.append('\n').append(variant.uri()).append('\n');
    }
    return out.toString();
  }
}
