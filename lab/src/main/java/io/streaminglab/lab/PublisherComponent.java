package io.streaminglab.lab;

import io.netty.channel.EventLoopGroup;
import io.streaminglab.lab.publish.ClipPublisher;
import io.streaminglab.lab.publish.LiveTimeline;
import io.streaminglab.lab.publish.LoopingClip;
import io.streaminglab.rtmp.client.RtmpUrl;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;

/**
 * {@code publisher}: the built-in synthetic source, one encode pushed over real RTMP to both of
 * the lab's ingests, as an encoder feeds a redundant chain. Each connection reconnects on its
 * own, so an ingest that stops and starts again is fed again while the other never noticed.
 * Stopped, the stream ends (players stall until it returns, then continue after a
 * discontinuity).
 */
final class PublisherComponent extends LabComponent {
  private final EventLoopGroup group;
  private final String host;
  private final List<IntSupplier> ingestPorts;
  private final String stream;
  private final LoopingClip clip;
  private final List<ClipPublisher> publishers = new CopyOnWriteArrayList<>();

  /**
   * @param ingestPorts the ingests' ports, asked at each start (they are known once the
   *     ingests run)
   */
  PublisherComponent(EventLoopGroup group, String host, List<IntSupplier> ingestPorts,
      String stream, LoopingClip clip) {
    super("publisher");
    this.group = group;
    this.host = host;
    this.ingestPorts = List.copyOf(ingestPorts);
    this.stream = stream;
    this.clip = clip;
  }

  private RtmpUrl url(IntSupplier port) {
    return new RtmpUrl(host, port.getAsInt(), stream, "");
  }

  @Override
  void doStart() {
    // A restarted encoder: a new timeline, shared by its connections.
    LiveTimeline timeline = new LiveTimeline(clip);
    for (IntSupplier port : ingestPorts) {
      publishers.add(new ClipPublisher(group, url(port), timeline).start());
    }
  }

  @Override
  void doStop() {
    for (ClipPublisher publisher : publishers) {
      publisher.close();
    }
    publishers.clear();
  }

  @Override
  String detail() {
    if (publishers.isEmpty()) {
      return "the built-in clip to " + ingestPorts.stream().map(port -> url(port).toString())
          .collect(Collectors.joining(" and "));
    }
    return publishers.stream().map(ClipPublisher::state).collect(Collectors.joining("; "));
  }
}
