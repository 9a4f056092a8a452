package org.hotline.gateway.handover;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The FastAGI sessions open on this instance, per call. While a call's session is open, the channel
 * belongs to it: an offer made meanwhile is not redirected but handed over by the session itself
 * when it ends ({@link SessionHandover}), which reads the call's offer as its last step.
 * Thread-safe: sessions run on their sockets' event loops, decisions on the switchboard's.
 */
public final class OpenSessions {

  private enum State {
    /** The session will read the call's current offer before it ends. */
    OPEN,
    /** It has started that read: an offer decided from now on must find its own way. */
    CHECKING
  }

  private final ConcurrentHashMap<String, State> sessions = new ConcurrentHashMap<>();

  public void opened(String callId) {
    sessions.put(callId, State.OPEN);
  }

  /** Called just before the session reads the call's offer for the last time. */
  void checking(String callId) {
    sessions.replace(callId, State.OPEN, State.CHECKING);
  }

  public void closed(String callId) {
    sessions.remove(callId);
  }

  /** Whether an open session here will still hand over an offer of this call made now. */
  public boolean willHandOver(String callId) {
    return sessions.get(callId) == State.OPEN;
  }

  /** Sessions open now. */
  public int size() {
    return sessions.size();
  }
}
