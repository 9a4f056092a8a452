package org.hotline.asterisk.sim.seat;

import java.util.Objects;
import java.util.Random;
import org.hotline.asterisk.sim.distribution.Distribution;

/**
 * How a seat reacts to being rung, as shares and distributions so one object can describe a single
 * scripted seat ("always busy") or a whole floor ("8 % no answer, talk log-normal 180 s").
 *
 * @param noAnswerShare probability of ringing without answer
 * @param busyShare probability of BUSY
 * @param congestionShare probability of CONGESTION
 * @param unavailableShare probability of CHANUNAVAIL
 * @param answerDelay ringing time before answering
 * @param talkTime talk time after answer
 * @param holdShare probability that the seat puts the caller on hold once during the talk
 * @param holdTime how long that hold lasts (part of the talk time; it ends before the talk does)
 * @param callerEndsShare probability that the caller rather than the seat hangs up
 */
public record SeatBehaviour(
    double noAnswerShare,
    double busyShare,
    double congestionShare,
    double unavailableShare,
    Distribution answerDelay,
    Distribution talkTime,
    double holdShare,
    Distribution holdTime,
    double callerEndsShare) {

  public SeatBehaviour {
    Objects.requireNonNull(answerDelay, "answerDelay");
    Objects.requireNonNull(talkTime, "talkTime");
    Objects.requireNonNull(holdTime, "holdTime");
    for (double share :
        new double[] {
          noAnswerShare, busyShare, congestionShare, unavailableShare, holdShare, callerEndsShare
        }) {
      if (share < 0 || share > 1) {
        throw new IllegalArgumentException("shares must be within [0,1]");
      }
    }
    if (noAnswerShare + busyShare + congestionShare + unavailableShare > 1.0 + 1e-9) {
      throw new IllegalArgumentException("failure shares add up to more than 1");
    }
  }

  /** Answers after the delay, talks, the seat hangs up. */
  public static SeatBehaviour answering(Distribution answerDelay, Distribution talkTime) {
    return new SeatBehaviour(0, 0, 0, 0, answerDelay, talkTime, 0, Distribution.fixed(0), 0);
  }

  /** Answers after a fixed delay and talks for a fixed time (seconds). */
  public static SeatBehaviour answering(double answerDelaySeconds, double talkSeconds) {
    return answering(Distribution.fixed(answerDelaySeconds), Distribution.fixed(talkSeconds));
  }

  public static SeatBehaviour neverAnswers() {
    return only(1, 0, 0, 0);
  }

  public static SeatBehaviour busy() {
    return only(0, 1, 0, 0);
  }

  public static SeatBehaviour congested() {
    return only(0, 0, 1, 0);
  }

  public static SeatBehaviour unreachable() {
    return only(0, 0, 0, 1);
  }

  private static SeatBehaviour only(double na, double b, double c, double u) {
    return new SeatBehaviour(
        na, b, c, u, Distribution.fixed(0), Distribution.fixed(0), 0, Distribution.fixed(0), 0);
  }

  /** A copy with the failure shares replaced (the rest answers). */
  public SeatBehaviour withFailureShares(
      double noAnswer, double busy, double congestion, double unavailable) {
    return new SeatBehaviour(
        noAnswer,
        busy,
        congestion,
        unavailable,
        answerDelay,
        talkTime,
        holdShare,
        holdTime,
        callerEndsShare);
  }

  /** A copy in which the seat puts the caller on hold with this probability. */
  public SeatBehaviour withHold(double share, Distribution duration) {
    return new SeatBehaviour(
        noAnswerShare,
        busyShare,
        congestionShare,
        unavailableShare,
        answerDelay,
        talkTime,
        share,
        duration,
        callerEndsShare);
  }

  /** A copy in which the caller ends the talk with this probability. */
  public SeatBehaviour withCallerEnding(double share) {
    return new SeatBehaviour(
        noAnswerShare,
        busyShare,
        congestionShare,
        unavailableShare,
        answerDelay,
        talkTime,
        holdShare,
        holdTime,
        share);
  }

  /** Draws what happens on one ring. */
  public SeatPlan plan(Random random) {
    double x = random.nextDouble();
    SeatOutcome outcome;
    if (x < noAnswerShare) {
      outcome = SeatOutcome.NO_ANSWER;
    } else if (x < noAnswerShare + busyShare) {
      outcome = SeatOutcome.BUSY;
    } else if (x < noAnswerShare + busyShare + congestionShare) {
      outcome = SeatOutcome.CONGESTION;
    } else if (x < noAnswerShare + busyShare + congestionShare + unavailableShare) {
      outcome = SeatOutcome.UNAVAILABLE;
    } else {
      outcome = SeatOutcome.ANSWER;
    }
    double talk = talkTime.sampleSeconds(random);
    boolean hold = random.nextDouble() < holdShare;
    double holdFor = hold ? Math.min(holdTime.sampleSeconds(random), talk) : 0;
    double holdAt = hold ? (talk - holdFor) * random.nextDouble() : -1;
    return new SeatPlan(
        outcome,
        answerDelay.sampleSeconds(random),
        talk,
        holdAt,
        holdFor,
        random.nextDouble() < callerEndsShare);
  }
}
