package org.hotline.asterisk.sim;

/**
 * A read-only view of one live channel, for assertions.
 *
 * @param name channel name
 * @param uniqueid its Uniqueid
 * @param linkedid the call's Linkedid
 * @param state ChannelStateDesc
 * @param context dialplan context
 * @param priority dialplan priority
 * @param application current application
 * @param callerNum CallerIDNum
 * @param bridged true if in a bridge
 */
public record ChannelInfo(
    String name,
    String uniqueid,
    String linkedid,
    String state,
    String context,
    int priority,
    String application,
    String callerNum,
    boolean bridged) {}
