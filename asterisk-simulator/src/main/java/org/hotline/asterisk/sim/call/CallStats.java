package org.hotline.asterisk.sim.call;

/**
 * What the simulator did so far.
 *
 * @param placed incoming calls placed on the trunk
 * @param answered calls bridged to a seat (first time per call)
 * @param abandoned callers who hung up before any seat answered
 * @param completed incoming calls that ended after talking to a seat
 * @param dials Dial() attempts
 * @param dialNoAnswer attempts ending NOANSWER
 * @param dialBusy attempts ending BUSY
 * @param dialCongestion attempts ending CONGESTION
 * @param dialUnavailable attempts ending CHANUNAVAIL
 * @param dialCancel attempts cut short by a Redirect or the caller (CANCEL)
 * @param agiSessions FastAGI sessions opened or attempted
 * @param agiFailures sessions that ended with AGISTATUS FAILURE
 * @param originates Originate actions accepted
 * @param holds times a seat put a caller on hold
 * @param redirectDrops AMI Redirects that landed while the channel was between two applications and
 *     hung it up (Asterisk's lock-free priority lookup)
 * @param midwayStarts such Redirects that started the target context at the old priority + 1
 */
public record CallStats(
    long placed,
    long answered,
    long abandoned,
    long completed,
    long dials,
    long dialNoAnswer,
    long dialBusy,
    long dialCongestion,
    long dialUnavailable,
    long dialCancel,
    long agiSessions,
    long agiFailures,
    long originates,
    long holds,
    long redirectDrops,
    long midwayStarts) {}
