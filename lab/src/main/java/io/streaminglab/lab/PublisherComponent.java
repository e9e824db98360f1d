package io.streaminglab.lab;

import io.netty.channel.EventLoopGroup;
import io.streaminglab.lab.publish.ClipPublisher;
import io.streaminglab.lab.publish.LoopingClip;
import io.streaminglab.rtmp.client.RtmpUrl;
import java.util.function.IntSupplier;

/**
 * {@code publisher}: the built-in synthetic source, publishing over real RTMP to the lab's
 * ingest as the seed's publisher container did. Stopped, the stream ends (players stall until
 * it returns, then continue after a discontinuity).
 */
final class PublisherComponent extends LabComponent {
  private final EventLoopGroup group;
  private final String host;
  private final IntSupplier ingestPort;
  private final String stream;
  private final LoopingClip clip;
  private ClipPublisher publisher;

  /**
   * @param ingestPort the ingest's port, asked at each start (it is known once the ingest runs)
   */
  PublisherComponent(EventLoopGroup group, String host, IntSupplier ingestPort, String stream,
      LoopingClip clip) {
    super("publisher");
    this.group = group;
    this.host = host;
    this.ingestPort = ingestPort;
    this.stream = stream;
    this.clip = clip;
  }

  private RtmpUrl url() {
    return new RtmpUrl(host, ingestPort.getAsInt(), stream, "");
  }

  @Override
  void doStart() {
    publisher = new ClipPublisher(group, url(), clip).start();
  }

  @Override
  void doStop() {
    publisher.close();
    publisher = null;
  }

  @Override
  String detail() {
    return publisher == null ? "the built-in clip to " + url() : publisher.state();
  }
}
