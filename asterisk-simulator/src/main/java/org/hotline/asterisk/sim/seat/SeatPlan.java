package org.hotline.asterisk.sim.seat;

/**
 * What one seat will do on one ring, drawn from its behaviour when Dial starts.
 *
 * @param outcome how the ring ends
 * @param answerDelaySeconds ringing time before answer (ANSWER only)
 * @param talkSeconds time from answer to hang-up
 * @param holdAtSeconds when in the talk the seat puts the caller on hold, or negative for never
 * @param holdSeconds how long the hold lasts
 * @param callerEnds true if the caller, not the seat, ends the talk
 */
public record SeatPlan(
    SeatOutcome outcome,
    double answerDelaySeconds,
    double talkSeconds,
    double holdAtSeconds,
    double holdSeconds,
    boolean callerEnds) {}
