package io.streaminglab.lab;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.streaminglab.lab.publish.ClipPublisher;
import io.streaminglab.lab.publish.LiveTimeline;
import io.streaminglab.lab.publish.LoopingClip;
import io.streaminglab.rtmp.client.RtmpUrl;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code streaming-lab publish}: the built-in synthetic publisher, as load or as the lab's
 * source when {@code up} runs without its own ({@code --no-publisher}); the seed lab's manual
 * {@code ffmpeg-pub}, without ffmpeg.
 */
@Command(name = "publish", mixinStandardHelpOptions = true,
    description = {
        "Publish a live H.264/AAC test stream over RTMP, looping a clip shipped with the lab "
            + "(a test pattern with a running counter and a tone, a keyframe every 2 s) in "
            + "real time, with timestamps that keep rising. Needs no ffmpeg.",
        "",
        "Given --url more than once, it pushes the same stream to each, as an encoder feeds "
            + "a redundant chain: one encode, one connection per ingest, each carrying the "
            + "publisher's clock so that the ingests anchor it alike.",
        "",
        "Each connection reconnects on its own with backoff (0.5 s doubling to 10 s) when "
            + "its ingest goes away or refuses the stream, and joins at the latest keyframe; "
            + "it runs until Ctrl-C."})
final class PublishCommand implements Callable<Integer> {
  @Option(names = "--url", required = true, paramLabel = "URL",
      description = "Where to publish, such as rtmp://localhost:1936/mystream; repeat it to "
          + "push the same stream to a second ingest (rtmp://localhost:1937/mystream).")
  List<String> targets;

  @Option(names = "--streams", defaultValue = "1", paramLabel = "N",
      description = "How many streams to publish; with more than one they go to URL-1 ... "
          + "URL-N of every --url (default: ${DEFAULT-VALUE}).")
  int streams;

  @Option(names = "--clip", paramLabel = "FILE",
      description = "Loop this H.264/AAC FLV file instead of the built-in clip (a keyframe "
          + "every 2 s keeps the segments aligned).")
  Path clip;

  @Mixin
  ConfigOption config;

  @Override
  public Integer call() throws Exception {
    if (streams < 1 || streams > 1000) {
      throw new LabException("--streams must be between 1 and 1000, not " + streams + ".");
    }
    if (targets.size() > 8) {
      throw new LabException("--url is given " + targets.size() + " times; a redundant chain "
          + "has two ingests, give at most 8.");
    }
    if (targets.stream().distinct().count() < targets.size()) {
      throw new LabException("--url names the same ingest twice; give each ingest once.");
    }
    List<List<RtmpUrl>> perIngest = new ArrayList<>();
    for (String target : targets) {
      perIngest.add(urls(target, streams));
    }
    LoopingClip looping;
    try {
      looping = clip == null ? LoopingClip.builtIn() : LoopingClip.file(clip);
    } catch (IllegalArgumentException e) {
      throw new LabException("--clip " + e.getMessage());
    }
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
    try (RunningServices services = new RunningServices()) {
      services.add(() -> group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(2,
          TimeUnit.SECONDS));
      // One encode: every connection of every ingest keeps time with the same timeline.
      LiveTimeline timeline = new LiveTimeline(looping);
      List<String> described = new ArrayList<>();
      for (List<RtmpUrl> urls : perIngest) {
        for (RtmpUrl target : urls) {
          services.add(new ClipPublisher(group, target, timeline).start());
        }
        described.add(urls.size() == 1 ? urls.get(0).toString()
            : urls.get(0) + " ... " + urls.get(urls.size() - 1));
      }
      System.out.println("Publishing " + looping.name() + " to " + String.join(" and ",
          described) + "; Ctrl-C stops.");
      services.awaitShutdown();
    }
    return 0;
  }

  /** The URL itself for one stream; URL-1 ... URL-N for more. */
  static List<RtmpUrl> urls(String url, int streams) {
    RtmpUrl base;
    try {
      base = RtmpUrl.parse(url);
    } catch (IllegalArgumentException e) {
      throw new LabException("--url " + e.getMessage() + ".");
    }
    if (streams == 1) {
      return List.of(base);
    }
    List<RtmpUrl> urls = new ArrayList<>();
    for (int i = 1; i <= streams; i++) {
      urls.add(numbered(base, i));
    }
    return urls;
  }

  /** {@code .../app/name?key=k} becomes {@code .../app/name-i?key=k}; {@code .../app}, app-i. */
  private static RtmpUrl numbered(RtmpUrl base, int i) {
    String name = base.streamName();
    if (name.isEmpty()) {
      return new RtmpUrl(base.host(), base.port(), base.app() + "-" + i, name);
    }
    int query = name.indexOf('?');
    String numbered = query < 0 ? name + "-" + i
        : name.substring(0, query) + "-" + i + name.substring(query);
    return new RtmpUrl(base.host(), base.port(), base.app(), numbered);
  }
}
