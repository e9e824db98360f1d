package io.streaminglab.probe;

import java.time.Instant;
import java.util.Objects;

/**
 * Something a viewer would notice, or an operator would want to know, while a probe plays.
 *
 * @param at when it happened (for a stall, when the buffer ran dry)
 * @param type what happened
 * @param sequence the media sequence number concerned, or -1 when none
 * @param detail one sentence for people
 */
public record ProbeEvent(Instant at, Type type, long sequence, String detail) {

  public enum Type {
    /** The start amount is buffered and playback began. */
    PLAYBACK_STARTED(false),
    /** The buffer ran dry while playing. */
    STALL_STARTED(true),
    /** A segment arrived during a stall and playback resumed. */
    STALL_ENDED(false),
    /** The playlist ended (EXT-X-ENDLIST) and everything in it was played. */
    PLAYBACK_ENDED(false),
    /** A segment will never be played: it left the playlist unfetched, or every try failed. */
    SEGMENT_LOST(true),
    /**
     * A segment arrived whole. Only listeners see these, for a log of every segment; reports
     * do not keep them.
     */
    SEGMENT_LOADED(false),
    /** One try of a segment failed; it will be tried again. */
    SEGMENT_FAILED(true),
    /** The playlist went backwards or renamed a sequence number. */
    REGRESSION(true),
    /** One URI was listed under two sequence numbers. */
    REPEATED_SEGMENT(true),
    /** An EXT-X-DISCONTINUITY lies ahead of the playhead. */
    DISCONTINUITY(false),
    /** A segment's discontinuity sequence number changed between loads. */
    DISCONTINUITY_SEQUENCE_MISMATCH(true),
    /** Consecutive program date-times are further apart than the earlier segment lasts. */
    PDT_GAP(true),
    /** A playlist load failed or gave something that is not a media playlist. */
    PLAYLIST_ERROR(true),
    /**
     * The probe moved to another URI of the variant after errors or a stale playlist. Only
     * listeners see these; reports list them as failovers.
     */
    FAILOVER(true),
    /**
     * Content steering moved the probe to another pathway. Only listeners see these; reports
     * list them as failovers with cause STEERING.
     */
    STEERED(false);

    private final boolean warning;

    Type(boolean warning) {
      this.warning = warning;
    }

    /** Whether this is logged as a warning (else as information). */
    public boolean warning() {
      return warning;
    }
  }

  public ProbeEvent {
    Objects.requireNonNull(at, "at == null");
    Objects.requireNonNull(type, "type == null");
    Objects.requireNonNull(detail, "detail == null");
  }
}
