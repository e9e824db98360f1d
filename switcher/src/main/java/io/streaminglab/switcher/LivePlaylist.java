package io.streaminglab.switcher;

import io.streaminglab.hls.ContentSteering;
import io.streaminglab.hls.MultivariantPlaylist;
import io.streaminglab.hls.MultivariantWriter;
import io.streaminglab.hls.VariantStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The switcher's {@code /hls/live.m3u8}: the stream once per switcher of the chain (redundant
 * variant streams, each on its own pathway, with the absolute URI of that switcher's {@code
 * /hls/index.m3u8}) and {@code EXT-X-CONTENT-STEERING} naming the steering manifest that every
 * switcher serves and this switcher's pathway as the one to start on. Both switchers write the
 * same text but for that PATHWAY-ID, as long as they describe the stream alike. A switcher
 * alone names its own media playlist, relative, and no steering.
 */
final class LivePlaylist {
  static final String MEDIA_PLAYLIST = "index.m3u8";
  /** What a packager writes beside its media playlist to describe the stream. */
  static final String ORIGIN_VARIANTS = "live.m3u8";
  static final String STEERING = "/hls/steering.json";

  private LivePlaylist() {}

  /**
   * The text.
   *
   * @param stream the stream's description (its URI and pathway are ignored)
   */
  static String write(SwitcherConfig config, VariantStream stream) {
    Map<String, URI> pathways = config.pathways();
    if (pathways.isEmpty()) {
      return MultivariantWriter.write(new MultivariantPlaylist(3, true, null,
          List.of(stream.at(MEDIA_PLAYLIST, null))));
    }
    List<VariantStream> variants = new ArrayList<>();
    pathways.forEach((pathway, base) -> variants.add(stream.at(
        base.toString().replaceFirst("/+$", "") + "/hls/" + MEDIA_PLAYLIST, pathway)));
    return MultivariantWriter.write(new MultivariantPlaylist(3, true,
        new ContentSteering(STEERING, config.name()), variants));
  }
}
