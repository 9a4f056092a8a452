package org.hotline.asterisk.sim.exchange;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One channel (call leg) as Asterisk would hold it: identity, caller and connected line, dialplan
 * position, variables, bridge and hang-up state. Mutated only by the exchange and the dialplan on
 * the simulator's context.
 */
public final class Channel {
  private final String name;
  private final String tech;
  private final String device;
  private final String uniqueid;
  private final long createdAtSimMillis;
  private String linkedid;
  private ChannelState state;
  private String callerNum = "<unknown>";
  private String callerName = "<unknown>";
  private String connectedNum = "<unknown>";
  private String connectedName = "<unknown>";
  private String language = "en";
  private String accountCode = "";
  private String context;
  private String exten;
  private int priority = 1;
  private String application = "";
  private String appData = "";
  private String dnid = "";
  private final Map<String, String> variables = new LinkedHashMap<>();
  private Map<String, Integer> inheritable = Map.of();
  private final Deque<String> hangupHandlers = new ArrayDeque<>();
  private Bridge bridge;
  private Channel localPeer;
  private long answeredAtSimMillis = -1;
  private boolean hangupRequested;
  private boolean gone;
  private int hangupCause;
  private Object owner;

  Channel(
      String name,
      String tech,
      String device,
      String uniqueid,
      String linkedid,
      ChannelState state,
      String context,
      String exten,
      long createdAtSimMillis) {
    this.name = name;
    this.tech = tech;
    this.device = device;
    this.uniqueid = uniqueid;
    this.linkedid = linkedid;
    this.state = state;
    this.context = context;
    this.exten = exten;
    this.createdAtSimMillis = createdAtSimMillis;
  }

  public String name() {
    return name;
  }

  /** Channel technology: PJSIP or Local. */
  public String tech() {
    return tech;
  }

  /** The device this channel belongs to, as DeviceStateChange names it. */
  public String device() {
    return device;
  }

  public String uniqueid() {
    return uniqueid;
  }

  public String linkedid() {
    return linkedid;
  }

  void linkedid(String value) {
    this.linkedid = value;
  }

  public ChannelState state() {
    return state;
  }

  void state(ChannelState value) {
    this.state = value;
  }

  public String callerNum() {
    return callerNum;
  }

  public String callerName() {
    return callerName;
  }

  void caller(String num, String nameValue) {
    this.callerNum = num;
    this.callerName = nameValue;
  }

  public String connectedNum() {
    return connectedNum;
  }

  public String connectedName() {
    return connectedName;
  }

  void connected(String num, String nameValue) {
    this.connectedNum = num;
    this.connectedName = nameValue;
  }

  public String language() {
    return language;
  }

  public String accountCode() {
    return accountCode;
  }

  public String context() {
    return context;
  }

  public String exten() {
    return exten;
  }

  public int priority() {
    return priority;
  }

  /** Moves the dialplan position; used by the dialplan when a step runs or on Goto/Redirect. */
  public void position(String newContext, String newExten, int newPriority) {
    this.context = newContext;
    this.exten = newExten;
    this.priority = newPriority;
  }

  public void exten(String value) {
    this.exten = value;
  }

  public String application() {
    return application;
  }

  public String appData() {
    return appData;
  }

  public void application(String app, String data) {
    this.application = app;
    this.appData = data;
  }

  public String dnid() {
    return dnid;
  }

  public void dnid(String value) {
    this.dnid = value;
  }

  /** The variable's value, or {@code ""} when unset (as ${VAR} expands). */
  public String variable(String varName) {
    return variables.getOrDefault(varName, "");
  }

  public Map<String, String> variables() {
    return java.util.Collections.unmodifiableMap(variables);
  }

  void putVariable(String varName, String value) {
    variables.put(varName, value);
  }

  /** Variables set with {@code _} (1) or {@code __} (2) for inheritance, by stored name. */
  Map<String, Integer> inheritable() {
    return inheritable;
  }

  void inheritable(String varName, int level) {
    if (inheritable.isEmpty()) {
      inheritable = new LinkedHashMap<>();
    }
    inheritable.put(varName, level);
  }

  Deque<String> hangupHandlers() {
    return hangupHandlers;
  }

  public Bridge bridge() {
    return bridge;
  }

  void bridge(Bridge value) {
    this.bridge = value;
  }

  /** For a Local channel, the other half of the pair; null otherwise. */
  public Channel localPeer() {
    return localPeer;
  }

  static void pair(Channel one, Channel two) {
    one.localPeer = two;
    two.localPeer = one;
  }

  public boolean isLocalOne() {
    return tech.equals("Local") && name.endsWith(";1");
  }

  public long createdAtSimMillis() {
    return createdAtSimMillis;
  }

  public long answeredAtSimMillis() {
    return answeredAtSimMillis;
  }

  void answeredAtSimMillis(long value) {
    this.answeredAtSimMillis = value;
  }

  /** True once a hang-up was requested; the channel may still exist (e.g. during AGI). */
  public boolean hangupRequested() {
    return hangupRequested;
  }

  void hangupRequested(boolean value) {
    this.hangupRequested = value;
  }

  /** True once the Hangup event was sent. */
  public boolean isGone() {
    return gone;
  }

  void gone(boolean value) {
    this.gone = value;
  }

  public int hangupCause() {
    return hangupCause;
  }

  void hangupCause(int value) {
    this.hangupCause = value;
  }

  /** Whatever drives this channel (a dialplan run, a seat, a caller); opaque to the exchange. */
  public Object owner() {
    return owner;
  }

  public void owner(Object value) {
    this.owner = value;
  }

  @Override
  public String toString() {
    return name;
  }
}
