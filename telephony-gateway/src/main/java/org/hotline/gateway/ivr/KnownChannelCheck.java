package org.hotline.gateway.ivr;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.hotline.gateway.agi.AgiRequest;
import org.hotline.gateway.agi.AgiScript;
import org.hotline.gateway.ami.AmiServerConfig;
import org.hotline.gateway.channel.KnownChannels;
import org.hotline.gateway.channel.KnownChannels.Verdict;
import org.hotline.gateway.logging.LogSafe;
import org.hotline.gateway.logging.RateLimitedLog;
import org.hotline.support.phone.PhoneMask;
import org.hotline.support.time.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A FastAGI script acts on a channel only when the exchange has it: the session's {@code
 * agi_uniqueid} and {@code agi_channel} must name a live channel this gateway has seen on the AMI
 * of the server the session comes from ({@code HOTLINE_SERVER}, else the server at the peer's
 * address). Whatever can reach the FastAGI port from an exchange's host could otherwise queue calls
 * that do not exist, or name a real call's Uniqueid to be handed its seat; and the channel name a
 * call is queued with is what AMI Redirect later moves.
 *
 * <p>A channel not shown yet is waited for, a little: Asterisk sends Newchannel before the channel
 * reaches any AGI, but the gateway may read its AMI a moment late.
 *
 * <p>A refused session is ended without a command: AGI() returns, nothing is queued or reported to
 * the seat manager, no AMI action is sent; a WARN (with the caller's number masked) and {@code
 * hotline.agi.sessions.refused{reason}} tell. A real caller refused by mistake is not lost: without
 * HOTLINE_CALL_ID the dialplan holds them in its retry context, which asks again every 2 s keeping
 * their arrival time; after /dialresult they go back to hold, as after any failed AGI.
 *
 * <p>When the server's AMI is down the check still answers from what that AMI showed before it went
 * down: a channel known then passes (its session needs no AMI action: the seat is handed over
 * inside it), an unseen one is refused once the wait is over. It could not have been seen, and
 * accepting it would let anyone queue calls during every AMI outage; the caller waits in the retry
 * context instead, as while no gateway runs, and the snapshot taken on reconnect shows their
 * channel to the next attempt.
 */
public final class KnownChannelCheck {

  private static final Logger LOG = LoggerFactory.getLogger(KnownChannelCheck.class);

  /** Longest wait allowed: the dialplan's own retry takes over beyond a few seconds. */
  static final Duration MAX_WAIT = Duration.ofSeconds(10);

  /**
   * How long a session waits for its channel to appear on the AMI ({@code
   * -Dhotline.agi.channelWait}, default 2s, at most 10s; 0 refuses at once).
   */
  public static final Duration WAIT = waitOf(System.getProperty("hotline.agi.channelWait", "2s"));

  private final KnownChannels channels;
  private final Servers servers;
  private final Duration wait;
  private final Map<Verdict, Counter> refused = new EnumMap<>(Verdict.class);
  private final RateLimitedLog warnings = new RateLimitedLog(LOG, 10, Duration.ofMinutes(1));

  public KnownChannelCheck(
      KnownChannels channels, List<AmiServerConfig> servers, Duration wait, MeterRegistry metrics) {
    this.channels = channels;
    this.servers = new Servers(servers);
    this.wait = waitOf(wait);
    for (Verdict v : Verdict.values()) {
      if (v != Verdict.KNOWN) {
        refused.put(
            v,
            Counter.builder("hotline.agi.sessions.refused")
                .tag("reason", v.tag())
                .description("FastAGI sessions refused: their channel is not one the exchange has")
                .register(metrics));
      }
    }
  }

  /** {@code text} as a wait, checked. */
  static Duration waitOf(String text) {
    return waitOf(Durations.parse(text));
  }

  private static Duration waitOf(Duration d) {
    if (d.isNegative() || d.compareTo(MAX_WAIT) > 0) {
      throw new IllegalArgumentException(
          "hotline.agi.channelWait must be 0.." + MAX_WAIT + ": " + d);
    }
    return d;
  }

  /**
   * {@code script}, run only for sessions whose channel the exchange has.
   *
   * @param serverArgument which AGI argument carries {@code HOTLINE_SERVER}
   */
  public AgiScript guard(AgiScript script, int serverArgument) {
    return (request, session) -> {
      String server = servers.of(request, serverArgument);
      return channels
          .check(server, request.uniqueId(), request.channel(), wait)
          .compose(
              verdict -> {
                if (verdict == Verdict.KNOWN) {
                  return script.run(request, session);
                }
                refuse(request, server, verdict);
                return Future.succeededFuture();
              });
    };
  }

  private void refuse(AgiRequest request, String server, Verdict verdict) {
    refused.get(verdict).increment();
    String channel = LogSafe.text(request.channel(), 80);
    String uniqueId = LogSafe.text(request.uniqueId(), 40);
    String caller = PhoneMask.mask(request.callerNumber());
    String script = LogSafe.text(request.script(), 32);
    if (verdict == Verdict.HUNG_UP) {
      // the caller left as the session began: nothing suspicious
      LOG.info("FastAGI /{} for {} on {} not run: it has hung up", script, channel, server);
      return;
    }
    String why =
        switch (verdict) {
          case OTHER_CHANNEL -> "its uniqueid belongs to another channel";
          case AMI_DOWN -> "the server's AMI is not connected and had not shown it";
          default -> "not seen on the server's AMI within " + wait.toMillis() + " ms";
        };
    warnings.warn(
        "refused " + verdict.tag() + " from " + request.remoteHost(),
        "FastAGI /{} from {} refused ({}): channel {} uniqueid {} on {}: {}; caller {}",
        script,
        request.remoteHost(),
        verdict.tag(),
        channel,
        uniqueId,
        server,
        why,
        caller);
  }
}
