package org.hotline.gateway.channel;

import java.time.Instant;

/**
 * A fact about one channel (leg) of an exchange.
 *
 * <p>{@code server} names the Asterisk server (several may feed one gateway, and their Uniqueids
 * are only unique per server), {@code uniqueId} the leg, {@code linkedId} the call it belongs to.
 */
public sealed interface ChannelEvent {

  String server();

  String uniqueId();

  Instant at();

  /** A new leg. The caller number may be {@code <unknown>} here and arrive in {@link CallerId}. */
  record Created(
      String server,
      String uniqueId,
      String linkedId,
      String channel,
      String callerNumber,
      String callerName,
      String context,
      Instant at)
      implements ChannelEvent {}

  /** The leg's caller identity changed (Asterisk's NewCallerid). */
  record CallerId(
      String server, String uniqueId, String callerNumber, String callerName, Instant at)
      implements ChannelEvent {}

  /** The leg's state changed (Asterisk's Newstate): 4 ring, 5 ringing, 6 up. */
  record StateChanged(String server, String uniqueId, int state, String stateName, Instant at)
      implements ChannelEvent {}

  /** {@code uniqueId} started dialling {@code destUniqueId}. */
  record DialStarted(
      String server,
      String uniqueId,
      String destUniqueId,
      String destChannel,
      String dialString,
      Instant at)
      implements ChannelEvent {}

  /**
   * A dial ended: {@code status} is Asterisk's DialStatus (ANSWER, NOANSWER, BUSY, CONGESTION,
   * CHANUNAVAIL, CANCEL, ...).
   */
  record DialEnded(
      String server,
      String uniqueId,
      String destUniqueId,
      String destChannel,
      String status,
      Instant at)
      implements ChannelEvent {}

  /** The leg entered a bridge; {@code swapUniqueId} is set when it replaced another leg. */
  record BridgeEntered(
      String server, String uniqueId, String bridgeId, String swapUniqueId, Instant at)
      implements ChannelEvent {}

  record BridgeLeft(String server, String uniqueId, String bridgeId, Instant at)
      implements ChannelEvent {}

  /** The leg put its peer on hold ({@code onHold}) or took it off. */
  record HoldChanged(String server, String uniqueId, boolean onHold, Instant at)
      implements ChannelEvent {}

  /**
   * A transfer: {@code uniqueId} is the transferer's leg (who pressed transfer), {@code
   * transfereeUniqueId} the leg that was moved.
   */
  record Transferred(
      String server,
      String uniqueId,
      String transfereeUniqueId,
      boolean attended,
      String result,
      Instant at)
      implements ChannelEvent {}

  /** A Local channel pair optimised away: {@code uniqueId} (the ;1 half) is gone from the path. */
  record LocalOptimized(String server, String uniqueId, String otherUniqueId, Instant at)
      implements ChannelEvent {}

  /** Recording (MixMonitor) started or stopped on the leg. */
  record Recording(String server, String uniqueId, boolean started, Instant at)
      implements ChannelEvent {}

  /** The leg asked to hang up (who hung up first: the caller, or the seat). */
  record HangupRequested(String server, String uniqueId, Instant at) implements ChannelEvent {}

  /**
   * The exchange itself started hanging the leg up (Asterisk's SoftHangupRequest: the dialplan's
   * Hangup(), an AMI Hangup, a dialplan that ran out of priorities), as opposed to its far end.
   */
  record SoftHangupRequested(String server, String uniqueId, int cause, Instant at)
      implements ChannelEvent {}

  /**
   * The leg's dialplan is about to run {@code application} at {@code context}, {@code priority}
   * (Asterisk's Newexten, sent just before the application starts). Only hotline contexts are
   * reported.
   */
  record DialplanStep(
      String server,
      String uniqueId,
      String context,
      int priority,
      String application,
      String appData,
      Instant at)
      implements ChannelEvent {}

  /** The leg is gone; {@code cause} is the Q.850 cause (16 normal clearing), 0 when not given. */
  record HungUp(
      String server, String uniqueId, String linkedId, String channel, int cause, Instant at)
      implements ChannelEvent {}

  /**
   * The leg joined ({@code joined}) or left a ConfBridge conference (Asterisk's ConfbridgeJoin /
   * ConfbridgeLeave); {@code exten} is where its dialplan stands (which party it is).
   */
  record ConferenceChanged(
      String server,
      String uniqueId,
      String conference,
      String channel,
      String exten,
      boolean joined,
      Instant at)
      implements ChannelEvent {}

  /**
   * The leg {@code uniqueId} began spying on another (Asterisk's ChanSpyStart, which carries only
   * the spy's and the spied leg's snapshots: the spied call is known by {@code spyeeLinkedId}).
   */
  record SpyStarted(
      String server,
      String uniqueId,
      String spyerChannel,
      String spyeeChannel,
      String spyeeUniqueId,
      String spyeeLinkedId,
      Instant at)
      implements ChannelEvent {}

  /** The leg {@code uniqueId} stopped spying (ChanSpyStop: it left, or the spied leg hung up). */
  record SpyStopped(
      String server, String uniqueId, String spyeeChannel, String spyeeLinkedId, Instant at)
      implements ChannelEvent {}
}
