package io.streaminglab.packager;

import io.streaminglab.ingest.hub.MediaFrame;
import io.streaminglab.ingest.hub.MediaFrames;
import io.streaminglab.media.flv.FlvFileReader;
import io.streaminglab.media.flv.FlvFileTag;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A real encoder's stream as the hub hands it out: {@code gray-1080p-29.97.flv}, 6.1 s that
 * ffmpeg made with
 *
 * <pre>
 * ffmpeg -f lavfi -i color=c=gray:size=1920x1080:rate=30000/1001 \
 *   -f lavfi -i sine=frequency=440:sample_rate=48000 -t 6.1 \
 *   -c:v libx264 -preset veryfast -crf 40 -g 60 -profile:v high -level 4.0 -pix_fmt yuv420p \
 *   -c:a aac -ac 1 -b:a 24k -f flv gray-1080p-29.97.flv
 * </pre>
 *
 * H.264 High at level 4.0 whose SPS crops 1088 coded lines to 1080, a keyframe every 60
 * frames (2.002 s), AAC-LC.
 */
final class RecordedClip {
  private RecordedClip() {}

  /** The clip's audio and video frames in file order, sequence headers first. */
  static List<MediaFrame> frames() {
    List<MediaFrame> frames = new ArrayList<>();
    for (FlvFileTag tag : FlvFileReader.read(bytes())) {
      if (tag.type() == FlvFileTag.VIDEO) {
        frames.add(MediaFrames.video(tag.timestamp(), tag.timestamp(), tag.body()));
      } else if (tag.type() == FlvFileTag.AUDIO) {
        frames.add(MediaFrames.audio(tag.timestamp(), tag.timestamp(), tag.body()));
      }
    }
    return frames;
  }

  private static byte[] bytes() {
    try (InputStream in = RecordedClip.class.getResourceAsStream("gray-1080p-29.97.flv")) {
      if (in == null) {
        throw new IllegalStateException("gray-1080p-29.97.flv is missing from the test "
            + "resources");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
