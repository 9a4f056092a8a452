package org.hotline.asterisk.sim.exchange;

import org.hotline.asterisk.sim.ami.AmiMessage;
import org.hotline.asterisk.sim.ami.EventClass;

/**
 * Builders for the channel-carrying events. Every Stasis channel snapshot is rendered in the same
 * order (Channel ... Linkedid) with an optional prefix (Dest, LocalOne, ...), as in the recordings.
 */
public final class Events {
  private Events() {}

  /** {@code Event} and {@code Privilege}, then the channel snapshot. */
  public static AmiMessage.Builder channelEvent(String type, EventClass cls, Channel c) {
    AmiMessage.Builder b = head(type, cls);
    snapshot(b, "", c);
    return b;
  }

  public static AmiMessage.Builder head(String type, EventClass cls) {
    return AmiMessage.builder().add("Event", type).add("Privilege", cls.privilege());
  }

  /** Appends a snapshot of the channel with the given field prefix. */
  public static AmiMessage.Builder snapshot(AmiMessage.Builder b, String prefix, Channel c) {
    return b.add(prefix + "Channel", c.name())
        .add(prefix + "ChannelState", c.state().code())
        .add(prefix + "ChannelStateDesc", c.state().text())
        .add(prefix + "CallerIDNum", c.callerNum())
        .add(prefix + "CallerIDName", c.callerName())
        .add(prefix + "ConnectedLineNum", c.connectedNum())
        .add(prefix + "ConnectedLineName", c.connectedName())
        .add(prefix + "Language", c.language())
        .add(prefix + "AccountCode", c.accountCode())
        .add(prefix + "Context", c.context())
        .add(prefix + "Exten", c.exten())
        .add(prefix + "Priority", c.priority())
        .add(prefix + "Uniqueid", c.uniqueid())
        .add(prefix + "Linkedid", c.linkedid());
  }

  /** The bridge fields that BridgeCreate/Enter/Leave/Destroy start with. */
  public static AmiMessage.Builder bridge(String type, Bridge bridge, int numChannels) {
    return bridgeFields(head(type, EventClass.CALL), bridge, numChannels);
  }

  /** The bridge snapshot (BridgeUniqueid ... BridgeVideoSourceMode) appended to {@code b}. */
  public static AmiMessage.Builder bridgeFields(AmiMessage.Builder b, Bridge bridge, int num) {
    return b.add("BridgeUniqueid", bridge.uniqueid())
        .add("BridgeType", bridge.type())
        .add("BridgeTechnology", bridge.technology())
        .add("BridgeCreator", bridge.creator())
        .add("BridgeName", bridge.name())
        .add("BridgeNumChannels", num)
        .add("BridgeVideoSourceMode", "none");
  }
}
