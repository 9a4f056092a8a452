package org.hotline.asterisk.sim.agi;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.hotline.asterisk.sim.ami.EventClass;
import org.hotline.asterisk.sim.exchange.Channel;
import org.hotline.asterisk.sim.exchange.ChannelState;
import org.hotline.asterisk.sim.exchange.Events;
import org.hotline.asterisk.sim.exchange.Exchange;
import org.hotline.asterisk.sim.time.SimClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One FastAGI session for one AGI() step. Commands are answered one at a time in arrival order.
 * When the channel hangs up, a running command ends with {@code 200 result=-1}, a separate {@code
 * HANGUP} line follows, later channel commands get 511, and the session stays open until the server
 * closes it, exactly as fastagi-hangup.txt shows.
 */
public final class AgiSession {
  private static final Logger LOG = LoggerFactory.getLogger(AgiSession.class);
  private static final String DEAD = "Command Not Permitted on a dead channel or intercept routine";
  private static final Set<String> DEAD_SAFE =
      Set.of("GET VARIABLE", "GET FULL VARIABLE", "SET VARIABLE", "NOOP", "VERBOSE", "DATABASE");

  private final Vertx vertx;
  private final NetClient client;
  private final AgiHost host;
  private final AgiConfig config;
  private final Channel channel;
  private final AgiRequest request;
  private final Consumer<AgiStatus> done;
  private final Deque<String> queue = new ArrayDeque<>();
  private final StringBuilder partial = new StringBuilder();
  private final SimClock clock;
  private NetSocket socket;
  private Running running;
  private Keypad.Press peeked;
  private boolean dead;
  private boolean finished;
  private long idleTimer = -1;

  /** A command that takes time (playback, digit waits) and can be cut short by a hang-up. */
  private final class Running {
    final AgiCommand command;
    final String commandId;
    long timer = -1;

    Running(AgiCommand command, String commandId) {
      this.command = command;
      this.commandId = commandId;
    }
  }

  AgiSession(
      Vertx vertx,
      NetClient client,
      AgiHost host,
      AgiConfig config,
      Channel channel,
      AgiRequest request,
      Consumer<AgiStatus> done) {
    this.vertx = vertx;
    this.client = client;
    this.host = host;
    this.config = config;
    this.channel = channel;
    this.request = request;
    this.done = done;
    this.clock = host.exchange().clock();
  }

  /** The gateway is unreachable (an outage hook): the connect fails as a refused one does. */
  void refuse() {
    LOG.debug("FastAGI to {}:{} refused (outage)", request.host(), request.port());
    vertx.runOnContext(v -> finish(AgiStatus.FAILURE));
  }

  void start() {
    client
        .connect(request.port(), request.host())
        .onComplete(
            ar -> {
              if (ar.failed()) {
                LOG.warn(
                    "FastAGI connect to {}:{} failed: {}",
                    request.host(),
                    request.port(),
                    ar.cause().toString());
                finish(AgiStatus.FAILURE);
                return;
              }
              socket = ar.result();
              if (finished) {
                socket.close();
                return;
              }
              socket.handler(this::onData);
              socket.closeHandler(v -> onServerClosed());
              socket.exceptionHandler(e -> LOG.debug("FastAGI {}: {}", channel, e.toString()));
              touch();
              long threadId = 139_792_130_000_000L + ThreadLocalRandom.current().nextInt(1 << 24);
              socket.write(
                  AgiEnvironment.block(channel, request, config.asteriskVersion(), threadId));
              if (dead) {
                write("HANGUP");
              }
            });
  }

  /** The pbx tells the session that its channel was hung up. */
  public void channelHungUp() {
    if (dead || finished) {
      return;
    }
    dead = true;
    if (running != null) {
      Running r = running;
      running = null;
      clock.cancel(r.timer);
      reply(r, "200 result=-1", -1, "Failure");
      vertx.setTimer(
          Math.max(1, config.hangupNoticeDelay().toMillis()),
          id -> {
            write("HANGUP");
            pump();
          });
    } else if (socket != null) {
      write("HANGUP");
    }
  }

  private void onData(Buffer data) {
    touch();
    partial.append(data.toString(StandardCharsets.UTF_8));
    int nl;
    while ((nl = partial.indexOf("\n")) >= 0) {
      String line = partial.substring(0, nl);
      partial.delete(0, nl + 1);
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (!line.isBlank()) {
        queue.add(line);
      }
    }
    pump();
  }

  private void onServerClosed() {
    if (finished) {
      return;
    }
    if (running != null) {
      clock.cancel(running.timer);
      running = null;
    }
    finish(dead ? AgiStatus.HANGUP : AgiStatus.SUCCESS);
  }

  private void touch() {
    if (idleTimer >= 0) {
      vertx.cancelTimer(idleTimer);
    }
    idleTimer =
        vertx.setTimer(
            Math.max(1, config.idleTimeout().toMillis()),
            id -> {
              LOG.warn("FastAGI session for {} idle too long, giving up", channel);
              if (socket != null) {
                socket.close();
              }
              finish(AgiStatus.FAILURE);
            });
  }

  private void finish(AgiStatus status) {
    if (finished) {
      return;
    }
    finished = true;
    if (idleTimer >= 0) {
      vertx.cancelTimer(idleTimer);
    }
    done.accept(status);
  }

  private void pump() {
    while (running == null && !queue.isEmpty() && !finished) {
      execute(AgiCommand.parse(queue.poll()));
    }
  }

  private void write(String line) {
    if (socket != null && !finished) {
      socket.write(line + "\n");
    }
  }

  private Exchange exchange() {
    return host.exchange();
  }

  private void reply(Running r, String line, int code, String result) {
    write(line);
    exchange()
        .emit(
            EventClass.AGI,
            Events.channelEvent("AGIExecEnd", EventClass.AGI, channel)
                .add("CommandId", r.commandId)
                .add("Command", r.command.line())
                .add("ResultCode", code)
                .add("Result", result)
                .build());
  }

  private void ok(Running r, String line) {
    reply(r, line, 200, "Success");
  }

  private void execute(AgiCommand cmd) {
    Running r =
        new Running(
            cmd, Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30, Integer.MAX_VALUE)));
    exchange()
        .emit(
            EventClass.AGI,
            Events.channelEvent("AGIExecStart", EventClass.AGI, channel)
                .add("CommandId", r.commandId)
                .add("Command", cmd.line())
                .build());
    String verb = verb(cmd);
    if (verb == null) {
      reply(r, "510 Invalid or unknown command", 510, "Invalid or unknown command");
      return;
    }
    if (dead && !DEAD_SAFE.contains(verb)) {
      reply(r, "511 " + DEAD, 511, DEAD);
      return;
    }
    switch (verb) {
      case "NOOP" -> ok(r, "200 result=0");
      case "VERBOSE" -> ok(r, "200 result=1");
      case "ANSWER" -> {
        if (channel.state() != ChannelState.UP) {
          exchange().setState(channel, ChannelState.UP);
        }
        ok(r, "200 result=0");
      }
      case "SET VARIABLE" -> {
        if (cmd.size() < 4) {
          usage(r, "SET VARIABLE <variablename> <value>");
          return;
        }
        exchange().setVar(channel, cmd.arg(2), cmd.arg(3));
        ok(r, "200 result=1");
      }
      case "GET VARIABLE" -> {
        if (cmd.size() < 3) {
          usage(r, "GET VARIABLE <variablename>");
          return;
        }
        String name = cmd.arg(2);
        String v = host.substitute(channel, "${" + name + "}");
        boolean set = channel.variables().containsKey(name) || !v.isEmpty();
        ok(r, set ? "200 result=1 (" + v + ")" : "200 result=0");
      }
      case "GET FULL VARIABLE" -> {
        if (cmd.size() < 4) {
          usage(r, "GET FULL VARIABLE <variablename> [<channel name>]");
          return;
        }
        ok(r, "200 result=1 (" + host.substitute(channel, cmd.arg(3)) + ")");
      }
      case "DATABASE" -> ok(r, "200 result=0");
      case "CHANNEL STATUS" -> ok(r, "200 result=" + channel.state().code());
      case "HANGUP" -> {
        ok(r, "200 result=1");
        host.hangupFromAgi(channel);
      }
      case "SET" -> ok(r, "200 result=0");
      case "STREAM FILE" -> streamFile(r);
      case "GET DATA" -> getData(r);
      case "WAIT FOR DIGIT" -> waitForDigit(r);
      case "SAY" -> say(r);
      case "EXEC" -> exec(r);
      default -> reply(r, "510 Invalid or unknown command", 510, "Invalid or unknown command");
    }
  }

  private static String verb(AgiCommand c) {
    if (c.is("GET", "FULL", "VARIABLE")) {
      return "GET FULL VARIABLE";
    }
    String[][] twoWord = {
      {"SET", "VARIABLE"},
      {"GET", "VARIABLE"},
      {"STREAM", "FILE"},
      {"GET", "DATA"},
      {"WAIT", "FOR"},
      {"CHANNEL", "STATUS"}
    };
    for (String[] w : twoWord) {
      if (c.is(w)) {
        return w[0].equals("WAIT") ? "WAIT FOR DIGIT" : w[0] + " " + w[1];
      }
    }
    if (c.size() == 0) {
      return null;
    }
    String first = c.words().get(0).toUpperCase(Locale.ROOT);
    return switch (first) {
      case "NOOP", "VERBOSE", "ANSWER", "HANGUP", "DATABASE", "EXEC" -> first;
      case "SAY" -> c.size() > 1 ? "SAY" : null;
      case "SET" -> c.size() > 1 ? "SET" : null;
      default -> null;
    };
  }

  private void usage(Running r, String usage) {
    write("520-Invalid command syntax.  Proper usage follows:");
    write(" Usage: " + usage);
    reply(r, "520 End of proper usage.", 520, "Usage");
  }

  /** Plays a prompt; an escape digit pressed in time interrupts it. */
  private void streamFile(Running r) {
    AgiCommand cmd = r.command;
    if (cmd.size() < 4) {
      usage(r, "STREAM FILE <filename> <escape digits> [<sample offset>]");
      return;
    }
    if (config.missingPrompts().contains(cmd.arg(2))) {
      ok(r, "200 result=-1 endpos=0");
      return;
    }
    String escape = cmd.arg(3);
    double length = config.promptSeconds();
    Optional<Keypad.Press> p = peek();
    running = r;
    if (p.isPresent() && escape.indexOf(p.get().digit()) >= 0 && p.get().afterSeconds() < length) {
      Keypad.Press press = consume();
      r.timer =
          clock.scheduleSeconds(
              press.afterSeconds(),
              () ->
                  complete(
                      r,
                      "200 result="
                          + (int) press.digit()
                          + " endpos="
                          + (long) (press.afterSeconds() * 8000)));
    } else {
      r.timer =
          clock.scheduleSeconds(
              length, () -> complete(r, "200 result=0 endpos=" + (long) (length * 8000)));
    }
  }

  /** Prompt then digits; a missing prompt gives result=-1 at once (a real Asterisk quirk). */
  private void getData(Running r) {
    AgiCommand cmd = r.command;
    if (cmd.size() < 3) {
      usage(r, "GET DATA <file to be streamed> [timeout] [max digits]");
      return;
    }
    if (config.missingPrompts().contains(cmd.arg(2))) {
      ok(r, "200 result=-1");
      return;
    }
    double timeout = parseMillis(cmd.arg(3), 2000) / 1000.0;
    int max = cmd.arg(4) == null ? 1024 : Math.max(1, parseInt(cmd.arg(4), 1024));
    running = r;
    collect(r, new StringBuilder(), config.promptSeconds() + timeout, timeout, max);
  }

  private void collect(Running r, StringBuilder digits, double window, double timeout, int max) {
    if (running != r) {
      return;
    }
    Optional<Keypad.Press> p = peek();
    if (p.isEmpty() || p.get().afterSeconds() > window) {
      r.timer =
          clock.scheduleSeconds(window, () -> complete(r, "200 result=" + digits + " (timeout)"));
      return;
    }
    Keypad.Press press = consume();
    r.timer =
        clock.scheduleSeconds(
            press.afterSeconds(),
            () -> {
              if (press.digit() == '#') {
                complete(r, "200 result=" + digits);
                return;
              }
              digits.append(press.digit());
              if (digits.length() >= max) {
                complete(r, "200 result=" + digits);
              } else {
                collect(r, digits, timeout, timeout, max);
              }
            });
  }

  private void waitForDigit(Running r) {
    AgiCommand cmd = r.command;
    if (cmd.size() < 4) {
      usage(r, "WAIT FOR DIGIT <timeout>");
      return;
    }
    long ms = parseMillis(cmd.arg(3), -1);
    double timeout = ms < 0 ? Double.POSITIVE_INFINITY : ms / 1000.0;
    Optional<Keypad.Press> p = peek();
    running = r;
    if (p.isPresent() && p.get().afterSeconds() <= timeout) {
      Keypad.Press press = consume();
      r.timer =
          clock.scheduleSeconds(
              press.afterSeconds(), () -> complete(r, "200 result=" + (int) press.digit()));
    } else if (!Double.isInfinite(timeout)) {
      r.timer = clock.scheduleSeconds(timeout, () -> complete(r, "200 result=0"));
    }
  }

  private void say(Running r) {
    String what = r.command.arg(2) == null ? "" : r.command.arg(2);
    running = r;
    r.timer =
        clock.scheduleSeconds(0.5 * Math.max(1, what.length()), () -> complete(r, "200 result=0"));
  }

  private void exec(Running r) {
    String app = r.command.arg(1) == null ? "" : r.command.arg(1).toLowerCase(Locale.ROOT);
    String data = r.command.arg(2) == null ? "" : r.command.arg(2);
    double secs;
    switch (app) {
      case "wait" -> secs = parseDouble(data, 0);
      case "playback", "background" -> secs = config.promptSeconds();
      case "noop", "set", "answer", "verbose", "log", "musiconhold", "senddtmf" -> secs = 0;
      default -> {
        ok(r, "200 result=-2");
        return;
      }
    }
    running = r;
    r.timer = clock.scheduleSeconds(secs, () -> complete(r, "200 result=0"));
  }

  private void complete(Running r, String line) {
    if (running != r) {
      return;
    }
    running = null;
    ok(r, line);
    pump();
  }

  private Optional<Keypad.Press> peek() {
    if (peeked == null) {
      peeked = host.keypad(channel).next().orElse(null);
    }
    return Optional.ofNullable(peeked);
  }

  private Keypad.Press consume() {
    Keypad.Press p = peeked;
    peeked = null;
    return p;
  }

  private static long parseMillis(String s, long dflt) {
    if (s == null) {
      return dflt;
    }
    try {
      long v = Long.parseLong(s.trim());
      return v == 0 && dflt > 0 ? dflt : v;
    } catch (NumberFormatException e) {
      return dflt;
    }
  }

  private static int parseInt(String s, int dflt) {
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return dflt;
    }
  }

  private static double parseDouble(String s, double dflt) {
    try {
      return Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      return dflt;
    }
  }
}
