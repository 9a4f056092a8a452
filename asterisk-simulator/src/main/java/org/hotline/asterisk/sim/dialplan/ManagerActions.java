package org.hotline.asterisk.sim.dialplan;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.hotline.asterisk.sim.ami.AmiMessage;
import org.hotline.asterisk.sim.ami.AmiServer;
import org.hotline.asterisk.sim.ami.AmiSession;
import org.hotline.asterisk.sim.exchange.Channel;
import org.hotline.asterisk.sim.exchange.Events;
import org.hotline.asterisk.sim.exchange.Exchange;

/**
 * The AMI actions that act on channels: Setvar, Getvar, Redirect (with ExtraChannel), Hangup,
 * Originate, CoreShowChannels, Status, MixMonitor, StopMixMonitor, ConfbridgeKick. Responses are
 * sent before the events the action causes, as Asterisk does.
 */
public final class ManagerActions {
  private final Pbx pbx;
  private final Exchange ex;
  private final Originator originator;

  public ManagerActions(Pbx pbx, Originator originator) {
    this.pbx = pbx;
    this.ex = pbx.exchange();
    this.originator = originator;
  }

  public void register(AmiServer ami) {
    ami.registerAction("Setvar", this::setvar);
    ami.registerAction("Getvar", this::getvar);
    ami.registerAction("Redirect", this::redirect);
    ami.registerAction("Hangup", this::hangup);
    ami.registerAction("Originate", originator::originate);
    ami.registerAction("CoreShowChannels", this::coreShowChannels);
    ami.registerAction("Status", this::status);
    ami.registerAction("MixMonitor", this::mixMonitor);
    ami.registerAction("StopMixMonitor", this::stopMixMonitor);
    ami.registerAction("ConfbridgeKick", this::confbridgeKick);
    ami.commandHandler(this::command);
  }

  private Optional<Channel> channel(AmiMessage action) {
    return ex.find(action.value("Channel"));
  }

  private void setvar(AmiSession s, AmiMessage a) {
    String name = a.value("Variable");
    if (name.isEmpty()) {
      s.send(AmiServer.error(a, "No variable specified"));
      return;
    }
    String value = a.value("Value");
    if (a.value("Channel").isEmpty()) {
      pbx.setGlobal(name, value);
      s.send(AmiServer.success(a, "Variable Set"));
      return;
    }
    Optional<Channel> c = channel(a);
    if (c.isEmpty()) {
      s.send(AmiServer.error(a, "No such channel"));
      return;
    }
    s.send(AmiServer.success(a, "Variable Set"));
    ex.setVar(c.get(), name, value);
  }

  private void getvar(AmiSession s, AmiMessage a) {
    String name = a.value("Variable");
    if (name.isEmpty()) {
      s.send(AmiServer.error(a, "No variable specified"));
      return;
    }
    String value;
    if (a.value("Channel").isEmpty()) {
      value = pbx.global(name);
    } else {
      Optional<Channel> c = channel(a);
      if (c.isEmpty()) {
        s.send(AmiServer.error(a, "No such channel"));
        return;
      }
      value = pbx.expand(c.get(), "${" + name + "}");
    }
    s.send(
        AmiMessage.builder()
            .add("Response", "Success")
            .actionId(a)
            .add("Variable", name)
            .add("Value", value)
            .build());
  }

  private void redirect(AmiSession s, AmiMessage a) {
    String name = a.value("Channel");
    if (name.isEmpty()) {
      s.send(AmiServer.error(a, "Channel not specified"));
      return;
    }
    Optional<Channel> c = channel(a);
    if (c.isEmpty()) {
      s.send(AmiServer.error(a, "Channel does not exist: " + name));
      return;
    }
    int priority;
    try {
      priority = Integer.parseInt(a.value("Priority").trim());
    } catch (NumberFormatException e) {
      s.send(AmiServer.error(a, "Invalid priority"));
      return;
    }
    String context = a.value("Context");
    String exten = a.value("Exten").isEmpty() ? "s" : a.value("Exten");
    if (!pbx.contextExists(context) || c.get().hangupRequested()) {
      s.send(AmiServer.error(a, "Redirect failed"));
      return;
    }
    Optional<Position> extraTarget = Optional.empty();
    Optional<Channel> extra = Optional.empty();
    String extraName = a.value("ExtraChannel");
    if (!extraName.isEmpty()) {
      // Asterisk 22 manager.c action_redirect: ExtraContext/ExtraExten/ExtraPriority default to
      // the first channel's; a missing ExtraChannel fails the whole action
      extra = ex.find(extraName);
      if (extra.isEmpty()) {
        s.send(AmiServer.error(a, "ExtraChannel does not exist: " + extraName));
        return;
      }
      String extraContext = a.value("ExtraContext").isEmpty() ? context : a.value("ExtraContext");
      String extraExten = a.value("ExtraExten").isEmpty() ? exten : a.value("ExtraExten");
      int extraPriority = priority;
      if (!a.value("ExtraPriority").isEmpty()) {
        try {
          extraPriority = Integer.parseInt(a.value("ExtraPriority").trim());
        } catch (NumberFormatException e) {
          s.send(AmiServer.error(a, "Invalid ExtraPriority"));
          return;
        }
      }
      if (!pbx.contextExists(extraContext) || extra.get().hangupRequested()) {
        s.send(AmiServer.error(a, "Redirect failed"));
        return;
      }
      extraTarget = Optional.of(new Position(extraContext, extraExten, extraPriority));
    }
    s.send(
        AmiServer.success(
            a, extra.isPresent() ? "Dual Redirect successful" : "Redirect successful"));
    // Asterisk's manager thread needs the channel lock before its async goto, and the channel's
    // own thread runs meanwhile: the goto lands about a millisecond later, by arrival order, even
    // when the same pass of the event loop also read the FastAGI server's close
    Channel channel = c.get();
    if (extra.isPresent()) {
      Channel second = extra.get();
      Position target = new Position(context, exten, priority);
      Position secondTarget = extraTarget.get();
      pbx.later(() -> pbx.redirectBoth(channel, target, second, secondTarget));
      return;
    }
    pbx.later(() -> pbx.redirect(channel, context, exten, priority));
  }

  /**
   * ConfbridgeKick (Asterisk 22 app_confbridge, write class call): Conference and Channel (a
   * channel's name, all or participants).
   */
  private void confbridgeKick(AmiSession s, AmiMessage a) {
    String conference = a.value("Conference");
    String channel = a.value("Channel");
    if (conference.isEmpty()) {
      s.send(AmiServer.error(a, "No Conference name provided."));
      return;
    }
    if (channel.isEmpty()) {
      s.send(AmiServer.error(a, "No channel name provided."));
      return;
    }
    if (!pbx.kickFromConference(conference, channel)) {
      s.send(AmiServer.error(a, "No Conference by that name found."));
      return;
    }
    s.send(AmiServer.success(a, "User kicked"));
  }

  private void hangup(AmiSession s, AmiMessage a) {
    String name = a.value("Channel");
    if (name.isEmpty()) {
      s.send(AmiServer.error(a, "No channel specified"));
      return;
    }
    List<Channel> targets = new ArrayList<>();
    if (name.length() > 2 && name.startsWith("/") && name.endsWith("/")) {
      Pattern p = Pattern.compile(name.substring(1, name.length() - 1));
      ex.channels().stream().filter(c -> p.matcher(c.name()).find()).forEach(targets::add);
    } else {
      channel(a).ifPresent(targets::add);
    }
    if (targets.isEmpty()) {
      s.send(AmiServer.error(a, "No such channel"));
      return;
    }
    int cause = 0;
    try {
      cause = a.value("Cause").isEmpty() ? 0 : Integer.parseInt(a.value("Cause").trim());
    } catch (NumberFormatException e) {
      cause = 0;
    }
    s.send(AmiServer.success(a, "Channel Hungup"));
    for (Channel c : targets) {
      pbx.softHangup(c, cause);
    }
  }

  private static AmiMessage listAck(AmiMessage a, String message) {
    return AmiMessage.builder()
        .add("Response", "Success")
        .actionId(a)
        .add("EventList", "start")
        .add("Message", message)
        .build();
  }

  private String duration(Channel c) {
    long secs = Math.max(0, (ex.clock().simNowMillis() - c.createdAtSimMillis()) / 1000);
    return String.format("%02d:%02d:%02d", secs / 3600, (secs % 3600) / 60, secs % 60);
  }

  private void coreShowChannels(AmiSession s, AmiMessage a) {
    s.send(listAck(a, "Channels will follow"));
    List<Channel> all = new ArrayList<>(ex.channels());
    for (Channel c : all) {
      AmiMessage.Builder b = AmiMessage.builder().add("Event", "CoreShowChannel").actionId(a);
      Events.snapshot(b, "", c);
      s.send(
          b.add("Application", c.application())
              .add("ApplicationData", c.appData())
              .add("Duration", duration(c))
              .add("BridgeId", c.bridge() == null ? "" : c.bridge().uniqueid())
              .build());
    }
    s.send(
        AmiMessage.builder()
            .add("Event", "CoreShowChannelsComplete")
            .actionId(a)
            .add("EventList", "Complete")
            .add("ListItems", all.size())
            .build());
  }

  private void status(AmiSession s, AmiMessage a) {
    List<Channel> chosen = new ArrayList<>();
    if (a.value("Channel").isEmpty()) {
      chosen.addAll(ex.channels());
    } else {
      Optional<Channel> c = channel(a);
      if (c.isEmpty()) {
        s.send(AmiServer.error(a, "No such channel"));
        return;
      }
      chosen.add(c.get());
    }
    s.send(listAck(a, "Channel status will follow"));
    for (Channel c : chosen) {
      String format = c.tech().equals("Local") ? "slin" : "ulaw";
      AmiMessage.Builder b = AmiMessage.builder().add("Event", "Status").add("Privilege", "Call");
      Events.snapshot(b, "", c);
      b.add("Type", c.tech())
          .add("DNID", c.dnid())
          .add("EffectiveConnectedLineNum", c.connectedNum())
          .add("EffectiveConnectedLineName", c.connectedName())
          .add("TimeToHangup", 0)
          .add("BridgeID", c.bridge() == null ? "" : c.bridge().uniqueid())
          .add("Application", c.application())
          .add("Data", c.appData())
          .add("Nativeformats", "(" + format + ")")
          .add("Readformat", format)
          .add("Readtrans", "")
          .add("Writeformat", format)
          .add("Writetrans", "")
          .add("Callgroup", 0)
          .add("Pickupgroup", 0)
          .add("Seconds", Math.max(0, (ex.clock().simNowMillis() - c.createdAtSimMillis()) / 1000))
          .actionId(a);
      s.send(b.build());
    }
    s.send(
        AmiMessage.builder()
            .add("Event", "StatusComplete")
            .actionId(a)
            .add("EventList", "Complete")
            .add("ListItems", chosen.size())
            .add("Items", chosen.size())
            .build());
  }

  private void mixMonitor(AmiSession s, AmiMessage a) {
    Optional<Channel> c = channel(a);
    if (a.value("Channel").isEmpty()) {
      s.send(AmiServer.error(a, "No channel specified"));
      return;
    }
    if (c.isEmpty() || !(c.get().owner() instanceof Run r)) {
      s.send(AmiServer.error(a, "No such channel"));
      return;
    }
    String file = a.value("File");
    if (file.isEmpty()) {
      file = "mixmonitor-" + c.get().uniqueid() + ".wav";
    }
    s.send(
        AmiMessage.builder()
            .add("Response", "Success")
            .actionId(a)
            .add("MixMonitorID", String.format("0x%08x", c.get().uniqueid().hashCode()))
            .build());
    pbx.startMixMonitor(r, file);
  }

  private void stopMixMonitor(AmiSession s, AmiMessage a) {
    Optional<Channel> c = channel(a);
    if (c.isEmpty()) {
      s.send(AmiServer.error(a, "No such channel"));
      return;
    }
    s.send(AmiMessage.builder().add("Response", "Success").actionId(a).build());
    pbx.stopMixMonitor(c.get());
  }

  private Optional<List<String>> command(String cmd) {
    if (cmd.equalsIgnoreCase("core show channels")) {
      List<String> out = new ArrayList<>();
      out.add("Channel              Location             State   Application(Data)");
      for (Channel c : ex.channels()) {
        out.add(
            c.name()
                + " "
                + c.exten()
                + "@"
                + c.context()
                + ":"
                + c.priority()
                + " "
                + c.state().text()
                + " "
                + c.application()
                + "("
                + c.appData()
                + ")");
      }
      out.add(ex.activeCalls() + " active call(s)");
      return Optional.of(out);
    }
    if (cmd.toLowerCase(java.util.Locale.ROOT).startsWith("module show like")) {
      return Optional.of(List.of("Module                         Description", "0 modules loaded"));
    }
    return Optional.empty();
  }
}
