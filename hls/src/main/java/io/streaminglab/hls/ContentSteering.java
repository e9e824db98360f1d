package io.streaminglab.hls;

import java.util.Objects;

/**
 * EXT-X-CONTENT-STEERING (HLS spec revision, section 4.4.6.6): where a player fetches the
 * steering manifest that orders the pathways, and which pathway to start on.
 *
 * @param serverUri SERVER-URI, resolved against the multivariant playlist's URL
 * @param pathwayId PATHWAY-ID: the pathway to use until the first manifest arrives, or null
 */
public record ContentSteering(String serverUri, String pathwayId) {
  public ContentSteering {
    Objects.requireNonNull(serverUri, "serverUri == null");
    AttributeList.checkQuotable("serverUri", serverUri);
    AttributeList.checkQuotable("pathwayId", pathwayId);
  }
}
