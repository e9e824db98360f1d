package io.streaminglab.switcher;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether each other switcher of the chain is up, from its answers to this switcher's polls of
 * its {@code /healthz}: a pure state machine. A peer counts as up until {@code required} polls
 * in a row went unanswered (or answered other than 200: a switcher whose origins are both gone
 * says 503 and can serve nobody), and as up again after {@code required} answered polls in a
 * row, so that one lost poll never reorders the steering manifest.
 */
final class PeerWatch {
  private final int required;
  private final Map<String, Peer> peers = new LinkedHashMap<>();

  private static final class Peer {
    boolean up = true;
    int streak;
    /** Whether an answered poll has found it up: until then a peer is starting, not lost. */
    boolean served;
  }

  PeerWatch(Collection<String> pathways, int required) {
    if (required < 1) {
      throw new IllegalArgumentException("required < 1: " + required);
    }
    this.required = required;
    for (String pathway : pathways) {
      peers.put(pathway, new Peer());
    }
  }

  /** One poll of {@code pathway}'s peer; returns true when it changed the peer's state. */
  boolean onPoll(String pathway, boolean answered) {
    Peer peer = peers.get(pathway);
    if (peer == null) {
      throw new IllegalArgumentException("unknown pathway " + pathway);
    }
    if (answered == peer.up) {
      peer.streak = 0;
      peer.served |= answered;
      return false;
    }
    peer.streak++;
    if (peer.streak < required) {
      return false;
    }
    peer.up = answered;
    peer.streak = 0;
    peer.served |= answered;
    return true;
  }

  /**
   * Whether {@code pathway}'s peer has been seen up by an answered poll; one that has not is
   * still starting (as both switchers of a chain are until their origins have a playlist).
   */
  boolean served(String pathway) {
    Peer peer = peers.get(pathway);
    return peer != null && peer.served;
  }

  /** Each peer's state by pathway, in the chain's order. */
  Map<String, Boolean> up() {
    Map<String, Boolean> states = new LinkedHashMap<>();
    peers.forEach((pathway, peer) -> states.put(pathway, peer.up));
    return Collections.unmodifiableMap(states);
  }
}
