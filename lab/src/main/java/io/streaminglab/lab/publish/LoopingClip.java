package io.streaminglab.lab.publish;

import io.streaminglab.media.flv.FlvException;
import io.streaminglab.media.flv.FlvFileReader;
import io.streaminglab.media.flv.FlvFileTag;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An H.264/AAC FLV clip made ready to repeat end to end as a live stream.
 *
 * <p>The clip's timestamps are moved so that its first keyframe is at 0; its period is the
 * span of its video frames plus one frame, and frames at or after the period (an encoder's
 * last audio frame, say) are dropped so that a loop never overlaps the next. Loop {@code k}
 * plays the frames at {@code k * period + t}, so timestamps keep rising. The sequence headers
 * (AVCDecoderConfigurationRecord, AudioSpecificConfig) are kept apart: a publisher sends them
 * once per connection.
 */
public final class LoopingClip {
  /** The clip shipped with the project; {@code tools/make-synthetic-clip.sh} made it. */
  public static final String BUILT_IN = "synthetic-clip.flv";

  private final String name;
  private final List<FlvFileTag> headers;
  private final List<FlvFileTag> frames;
  private final long periodMillis;

  private LoopingClip(String name, List<FlvFileTag> headers, List<FlvFileTag> frames,
      long periodMillis) {
    this.name = name;
    this.headers = headers;
    this.frames = frames;
    this.periodMillis = periodMillis;
  }

  /** The clip shipped in the jar. */
  public static LoopingClip builtIn() {
    try (InputStream in = LoopingClip.class.getResourceAsStream(BUILT_IN)) {
      if (in == null) {
        throw new IllegalStateException("The built-in clip " + BUILT_IN
            + " is missing from the jar; rebuild it with ./mvnw package.");
      }
      return of("the built-in synthetic clip", in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * An FLV file of the user's.
   *
   * @throws IllegalArgumentException with one sentence when it cannot be read or looped
   */
  public static LoopingClip file(Path path) {
    byte[] bytes;
    try {
      if (Files.size(path) > FlvFileReader.MAX_FILE_BYTES) {
        throw new IllegalArgumentException(path + " is larger than "
            + FlvFileReader.MAX_FILE_BYTES / (1024 * 1024) + " MB; use a shorter clip.");
      }
      bytes = Files.readAllBytes(path);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read " + path + " (" + e.getMessage() + ").");
    }
    return of(path.toString(), bytes);
  }

  /**
   * Builds a clip from FLV bytes.
   *
   * @throws IllegalArgumentException with one sentence when they are not a loopable H.264 clip
   */
  static LoopingClip of(String name, byte[] flv) {
    List<FlvFileTag> tags;
    try {
      tags = FlvFileReader.read(flv);
    } catch (FlvException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
    List<FlvFileTag> headers = new ArrayList<>();
    List<FlvFileTag> media = new ArrayList<>();
    for (FlvFileTag tag : tags) {
      if (tag.type() == FlvFileTag.SCRIPT_DATA || tag.body().length < 2) {
        continue;
      }
      boolean avc = tag.type() == FlvFileTag.VIDEO && (tag.body()[0] & 0x0F) == 7;
      if (avc && tag.body()[1] == 2) {
        // The AVC end of sequence that muxers write last would end the stream at every loop.
        continue;
      }
      boolean sequenceHeader = tag.body()[1] == 0 && (avc || tag.type() == FlvFileTag.AUDIO);
      (sequenceHeader ? headers : media).add(tag);
    }
    FlvFileTag firstKeyframe = media.stream()
        .filter(tag -> tag.type() == FlvFileTag.VIDEO && (tag.body()[0] & 0xF0) == 0x10)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(name
            + " has no H.264 keyframe; give the publisher an H.264/AAC FLV clip."));
    if (headers.stream().noneMatch(tag -> tag.type() == FlvFileTag.VIDEO)) {
      throw new IllegalArgumentException(name
          + " has no H.264 sequence header; give the publisher an H.264/AAC FLV clip.");
    }
    long base = firstKeyframe.timestamp();
    List<FlvFileTag> video = media.stream()
        .filter(tag -> tag.type() == FlvFileTag.VIDEO && tag.timestamp() >= base).toList();
    if (video.size() < 2) {
      throw new IllegalArgumentException(name + " has fewer than two video frames to loop.");
    }
    long last = video.get(video.size() - 1).timestamp();
    long frameMillis = (last - base) / (video.size() - 1);
    long period = last - base + Math.max(1, frameMillis);
    List<FlvFileTag> frames = media.stream()
        .filter(tag -> tag.timestamp() >= base && tag.timestamp() - base < period)
        .map(tag -> new FlvFileTag(tag.type(), tag.timestamp() - base, tag.body()))
        .sorted(Comparator.comparingLong(FlvFileTag::timestamp))
        .toList();
    List<FlvFileTag> zeroed = headers.stream()
        .map(tag -> new FlvFileTag(tag.type(), 0, tag.body())).toList();
    return new LoopingClip(name, zeroed, frames, period);
  }

  /** What the clip is, for logs. */
  public String name() {
    return name;
  }

  /** The sequence headers, at timestamp 0: sent once per connection, before any frame. */
  public List<FlvFileTag> headers() {
    return headers;
  }

  /** The frames of one loop, in timestamp order, the first a keyframe at 0. */
  public List<FlvFileTag> frames() {
    return frames;
  }

  /** How long one loop lasts. */
  public long periodMillis() {
    return periodMillis;
  }

  /** The {@code index}th frame of the endless stream, with its rising timestamp. */
  public FlvFileTag frame(long index) {
    FlvFileTag tag = frames.get((int) (index % frames.size()));
    long loop = index / frames.size();
    return new FlvFileTag(tag.type(), loop * periodMillis + tag.timestamp(), tag.body());
  }
}
