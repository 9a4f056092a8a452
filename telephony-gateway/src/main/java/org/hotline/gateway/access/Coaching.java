package org.hotline.gateway.access;

/**
 * Who stands in for whom at a seat: the coach beside a visiting official may see the official's
 * calls and complete or correct their case forms.
 */
@FunctionalInterface
public interface Coaching {

  /** Nobody coaches anyone. */
  Coaching NONE = (coach, agent) -> false;

  /** Whether {@code coachId} coaches {@code agentId} now. */
  boolean coaches(String coachId, String agentId);
}
