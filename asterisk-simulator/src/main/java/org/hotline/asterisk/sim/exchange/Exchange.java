package org.hotline.asterisk.sim.exchange;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.hotline.asterisk.sim.ami.AmiMessage;
import org.hotline.asterisk.sim.ami.EventClass;
import org.hotline.asterisk.sim.time.SimClock;

/**
 * The channels and bridges of one simulated Asterisk, and the primitive changes to them. Each
 * primitive raises exactly the event Asterisk raises for it; the dialplan composes them in the
 * recorded order. Not thread-safe by design: it lives on the simulator's event loop.
 */
public final class Exchange {
  /** Where events go: the AMI server, plus in-process listeners for tests. */
  @FunctionalInterface
  public interface EventSink {
    void publish(EventClass eventClass, AmiMessage event);
  }

  private final SimClock clock;
  private final String systemName;
  private final EventSink sink;
  private final Map<String, Channel> channels = new LinkedHashMap<>();
  private final Map<String, Integer> deviceUse = new LinkedHashMap<>();
  private final List<Consumer<AmiMessage>> listeners = new ArrayList<>();
  private final List<Consumer<Channel>> beforeHangup = new ArrayList<>();
  private final long epoch;
  private long uniqueCounter;
  private int channelCounter;

  public Exchange(SimClock clock, String systemName, EventSink sink) {
    this.clock = clock;
    this.systemName = systemName;
    this.sink = sink;
    this.epoch = clock.epochSeconds();
  }

  public SimClock clock() {
    return clock;
  }

  /** Adds an in-process listener that sees every event (tests, stats). */
  public void addListener(Consumer<AmiMessage> listener) {
    listeners.add(listener);
  }

  /**
   * Runs {@code listener} for each channel about to raise its Hangup event (an application that
   * holds on to it, as ChanSpy does, lets go first).
   */
  public void beforeHangup(Consumer<Channel> listener) {
    beforeHangup.add(listener);
  }

  public void emit(EventClass cls, AmiMessage event) {
    sink.publish(cls, event);
    for (Consumer<AmiMessage> l : listeners) {
      l.accept(event);
    }
  }

  /** Uniqueid as Asterisk makes it: [systemname-]epoch.counter. */
  private String nextUniqueid() {
    long secs = epoch + clock.simNowMillis() / 1000;
    String id = secs + "." + uniqueCounter++;
    return systemName.isEmpty() ? id : systemName + "-" + id;
  }

  /** The 8-hex-digit sequence Asterisk appends to channel names; one counter for all techs. */
  public String nextChannelSequence() {
    return String.format("%08x", channelCounter++);
  }

  public Collection<Channel> channels() {
    return Collections.unmodifiableCollection(channels.values());
  }

  public Optional<Channel> find(String name) {
    return Optional.ofNullable(channels.get(name));
  }

  /** Channels that belong to calls still up, counted as Asterisk's "active calls". */
  public int activeCalls() {
    return (int) channels.values().stream().map(Channel::linkedid).distinct().count();
  }

  /** Creates a single channel (PJSIP) and raises Newchannel. */
  public Channel newChannel(
      String tech,
      String name,
      String device,
      ChannelState state,
      String context,
      String exten,
      String linkedid) {
    return newChannel(tech, name, device, state, context, exten, linkedid, null, null);
  }

  /** Creates a channel whose caller id is known from the start (an incoming trunk call). */
  public Channel newChannel(
      String tech,
      String name,
      String device,
      ChannelState state,
      String context,
      String exten,
      String linkedid,
      String callerNum,
      String callerName) {
    return newChannel(
        tech, name, device, state, context, exten, linkedid, callerNum, callerName, null);
  }

  /**
   * As above, with the Uniqueid an Originate's {@code ChannelId} asked for ({@code null} or empty:
   * one of the exchange's own).
   */
  public Channel newChannel(
      String tech,
      String name,
      String device,
      ChannelState state,
      String context,
      String exten,
      String linkedid,
      String callerNum,
      String callerName,
      String uniqueid) {
    String uid = uniqueid == null || uniqueid.isEmpty() ? nextUniqueid() : uniqueid;
    Channel c =
        new Channel(
            name,
            tech,
            device,
            uid,
            linkedid == null ? uid : linkedid,
            state,
            context,
            exten,
            clock.simNowMillis());
    if (callerNum != null) {
      c.caller(callerNum, callerName == null ? "" : callerName);
    }
    channels.put(name, c);
    deviceUse.merge(device, 1, Integer::sum);
    emit(EventClass.CALL, Events.channelEvent("Newchannel", EventClass.CALL, c).build());
    return c;
  }

  /**
   * Creates a Local channel pair {@code Local/exten@context-XXXXXXXX;1/;2}: ;1 Down, ;2 Ring, both
   * at exten@context, and raises Newchannel for each. Returns [;1, ;2].
   */
  public Channel[] newLocalPair(String exten, String context, String linkedid) {
    String base = "Local/" + exten + "@" + context + "-" + nextChannelSequence();
    String device = "Local/" + exten + "@" + context;
    Channel one =
        newChannel("Local", base + ";1", device, ChannelState.DOWN, context, exten, linkedid);
    Channel two =
        newChannel("Local", base + ";2", device, ChannelState.RING, context, exten, one.linkedid());
    Channel.pair(one, two);
    return new Channel[] {one, two};
  }

  /** Raises Newexten for the step about to run and records it as the current application. */
  public void newexten(Channel c, String app, String data) {
    c.application(app, data);
    emit(
        EventClass.DIALPLAN,
        Events.channelEvent("Newexten", EventClass.DIALPLAN, c)
            .add("Extension", c.exten())
            .add("Application", app)
            .add("AppData", data)
            .build());
  }

  /**
   * Sets a channel variable and raises VarSet. A {@code _} or {@code __} prefix marks it for
   * inheritance by channels this one dials; it is stored without the underscores, and VarSet shows
   * the name as written, as Asterisk does.
   */
  public void setVar(Channel c, String name, String value) {
    if (name.startsWith("__")) {
      c.putVariable(name.substring(2), value);
      c.inheritable(name.substring(2), 2);
    } else if (name.startsWith("_")) {
      c.putVariable(name.substring(1), value);
      c.inheritable(name.substring(1), 1);
    } else {
      c.putVariable(name, value);
    }
    emit(
        EventClass.DIALPLAN,
        Events.channelEvent("VarSet", EventClass.DIALPLAN, c)
            .add("Variable", name)
            .add("Value", value)
            .build());
  }

  /** Sets a variable without an event (channel creation, inherited values). */
  public void setVarQuietly(Channel c, String name, String value) {
    c.putVariable(name, value);
  }

  /**
   * Copies the inheritable variables of {@code from} to a channel it dials, without events: {@code
   * __VAR} stays inheritable, {@code _VAR} is inherited once.
   */
  public void inheritVariables(Channel from, Channel to) {
    from.inheritable()
        .forEach(
            (name, level) -> {
              to.putVariable(name, from.variable(name));
              if (level > 1) {
                to.inheritable(name, level);
              }
            });
  }

  public void setState(Channel c, ChannelState state) {
    if (c.state() == state) {
      return;
    }
    c.state(state);
    if (state == ChannelState.UP && c.answeredAtSimMillis() < 0) {
      c.answeredAtSimMillis(clock.simNowMillis());
    }
    emit(EventClass.CALL, Events.channelEvent("Newstate", EventClass.CALL, c).build());
    if (state == ChannelState.UP) {
      deviceState(c.device(), "INUSE");
    } else if (state == ChannelState.RINGING && c.tech().equals("PJSIP")) {
      deviceState(c.device(), "RINGING");
    }
  }

  public void setCallerId(Channel c, String num, String name) {
    c.caller(num, name);
    emit(
        EventClass.CALL,
        Events.channelEvent("NewCallerid", EventClass.CALL, c)
            .add("CID-CallingPres", "0 (Presentation Allowed, Not Screened)")
            .build());
  }

  public void setConnectedLine(Channel c, String num, String name) {
    c.connected(num, name);
    emit(EventClass.CALL, Events.channelEvent("NewConnectedLine", EventClass.CALL, c).build());
  }

  /** Changes caller/connected line without events (they come later, as in the recordings). */
  public void presetIds(Channel c, String callerNum, String callerName) {
    c.caller(callerNum, callerName);
  }

  public void presetConnected(Channel c, String num, String name) {
    c.connected(num, name);
  }

  public void pushHangupHandler(Channel c, String handler) {
    c.hangupHandlers().push(handler);
    emit(
        EventClass.DIALPLAN,
        Events.channelEvent("HangupHandlerPush", EventClass.DIALPLAN, c)
            .add("Handler", handler)
            .build());
  }

  /** Removes and returns the hang-up handlers in run order (last pushed first). */
  public List<String> takeHangupHandlers(Channel c) {
    List<String> out = new ArrayList<>(c.hangupHandlers());
    c.hangupHandlers().clear();
    return out;
  }

  public Bridge createBridge() {
    Bridge b = new Bridge(UUID.randomUUID().toString());
    emit(EventClass.CALL, Events.bridge("BridgeCreate", b, 0).build());
    return b;
  }

  /** A conference bridge as ConfBridge creates it: softmix, created by ConfBridge, named. */
  public Bridge createConferenceBridge(String conference) {
    Bridge b =
        new Bridge(UUID.randomUUID().toString(), "conference", "softmix", "ConfBridge", conference);
    emit(EventClass.CALL, Events.bridge("BridgeCreate", b, 0).build());
    return b;
  }

  public void enterBridge(Bridge b, Channel c) {
    b.add(c);
    c.bridge(b);
    AmiMessage.Builder e = Events.bridge("BridgeEnter", b, b.size());
    Events.snapshot(e, "", c);
    emit(EventClass.CALL, e.build());
  }

  public void leaveBridge(Channel c) {
    Bridge b = c.bridge();
    if (b == null) {
      return;
    }
    b.remove(c);
    c.bridge(null);
    AmiMessage.Builder e = Events.bridge("BridgeLeave", b, b.size());
    Events.snapshot(e, "", c);
    emit(EventClass.CALL, e.build());
  }

  public void destroyBridge(Bridge b) {
    emit(EventClass.CALL, Events.bridge("BridgeDestroy", b, b.size()).build());
  }

  /** HangupRequest: someone else asked this channel to hang up (remote BYE, Local peer). */
  public void hangupRequest(Channel c, int cause) {
    c.hangupRequested(true);
    emit(
        EventClass.CALL,
        Events.channelEvent("HangupRequest", EventClass.CALL, c).add("Cause", cause).build());
  }

  /** SoftHangupRequest: the channel's own thread (or AMI Hangup) starts hanging it up. */
  public void softHangupRequest(Channel c, int cause) {
    c.hangupRequested(true);
    emit(
        EventClass.CALL,
        Events.channelEvent("SoftHangupRequest", EventClass.CALL, c).add("Cause", cause).build());
  }

  /** The final Hangup event; the channel is gone afterwards. */
  public void destroy(Channel c, int cause) {
    destroy(c, cause, true);
  }

  /**
   * The final Hangup event; {@code reportDevice} false leaves a Local device's state change to the
   * caller (a Local channel into a context that does not exist reports INVALID).
   */
  public void destroy(Channel c, int cause, boolean reportDevice) {
    if (c.isGone()) {
      return;
    }
    for (Consumer<Channel> l : List.copyOf(beforeHangup)) {
      l.accept(c);
    }
    if (c.isGone()) {
      return;
    }
    c.gone(true);
    c.hangupRequested(true);
    c.hangupCause(cause);
    channels.remove(c.name());
    emit(
        EventClass.CALL,
        Events.channelEvent("Hangup", EventClass.CALL, c)
            .add("Cause", cause)
            .add("Cause-txt", HangupCause.text(cause))
            .build());
    Integer left = deviceUse.merge(c.device(), -1, Integer::sum);
    if (left != null && left <= 0) {
      deviceUse.remove(c.device());
    }
    if (reportDevice && isLocal(c.device())) {
      // Local devices are not cachable: Asterisk reports their state at every hang-up, INUSE
      // while another channel of the device is up (the recordings: one event per Hangup)
      deviceState(c.device(), deviceUse.containsKey(c.device()) ? "INUSE" : "NOT_INUSE");
    }
  }

  private static boolean isLocal(String device) {
    return device.startsWith("Local/");
  }

  /** Raises DeviceStateChange. */
  public void deviceState(String device, String state) {
    emit(
        EventClass.CALL,
        Events.head("DeviceStateChange", EventClass.CALL)
            .add("Device", device)
            .add("State", state)
            .build());
  }

  /**
   * NOT_INUSE for a (cachable, non-Local) device once it has no channels left; Local devices report
   * at every hang-up already.
   */
  public void deviceIdleIfUnused(String device) {
    if (!isLocal(device) && !deviceUse.containsKey(device)) {
      deviceState(device, "NOT_INUSE");
    }
  }
}
