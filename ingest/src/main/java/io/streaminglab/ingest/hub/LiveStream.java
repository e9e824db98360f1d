package io.streaminglab.ingest.hub;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One path's state: its publisher, its readers, and what a joining reader needs to start at
 * once: the metadata, the sequence headers and the frames since the last video keyframe (the
 * {@link GopCache}, bounded in bytes; when a GOP outgrows it, joiners wait for the next
 * keyframe).
 */
final class LiveStream {
  private final String path;
  // A reader may leave while frames are handed out (a player closed from within its own
  // callback, on the publisher's thread): iteration must survive that.
  private final List<StreamReader> readers = new CopyOnWriteArrayList<>();
  private boolean hasPublisher;
  private ClockAnchor anchor;
  private MediaFrame metadata;
  private MediaFrame videoConfig;
  private MediaFrame audioConfig;
  private final GopCache gop;

  LiveStream(String path, int gopCacheLimitBytes) {
    this.path = path;
    this.gop = new GopCache(gopCacheLimitBytes);
  }

  String path() {
    return path;
  }

  synchronized boolean claimPublisher() {
    if (hasPublisher) {
      return false;
    }
    hasPublisher = true;
    return true;
  }

  synchronized boolean hasPublisher() {
    return hasPublisher;
  }

  synchronized void releasePublisher() {
    hasPublisher = false;
  }

  synchronized boolean isIdle() {
    return !hasPublisher && readers.isEmpty();
  }

  synchronized void startSession(ClockAnchor sessionAnchor) {
    anchor = sessionAnchor;
    metadata = null;
    videoConfig = null;
    audioConfig = null;
    gop.clear();
    for (StreamReader reader : readers) {
      reader.onSessionStart(anchor);
    }
  }

  synchronized void endSession() {
    anchor = null;
    gop.clear();
    for (StreamReader reader : readers) {
      reader.onSessionEnd();
    }
  }

  synchronized void distribute(MediaFrame frame) {
    remember(frame);
    for (StreamReader reader : readers) {
      reader.onFrame(frame);
    }
  }

  synchronized void addReader(StreamReader reader) {
    readers.add(reader);
    if (anchor == null) {
      return;
    }
    reader.onSessionStart(anchor);
    if (metadata != null) {
      reader.onFrame(metadata);
    }
    if (videoConfig != null) {
      reader.onFrame(videoConfig);
    }
    if (audioConfig != null) {
      reader.onFrame(audioConfig);
    }
    gop.replay(reader::onFrame);
  }

  synchronized void removeReader(StreamReader reader) {
    readers.remove(reader);
  }

  private void remember(MediaFrame frame) {
    if (frame.kind() == MediaFrame.Kind.DATA) {
      metadata = frame;
      return;
    }
    if (frame.sequenceHeader()) {
      if (frame.kind() == MediaFrame.Kind.VIDEO) {
        videoConfig = frame;
      } else {
        audioConfig = frame;
      }
      return;
    }
    gop.offer(frame);
  }
}
