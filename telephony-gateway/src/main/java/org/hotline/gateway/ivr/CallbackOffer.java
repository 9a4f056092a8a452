package org.hotline.gateway.ivr;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.hotline.gateway.agi.AgiRequest;
import org.hotline.gateway.agi.AgiScript;
import org.hotline.gateway.agi.AgiSession;
import org.hotline.gateway.ami.AmiServerConfig;
import org.hotline.gateway.calls.CallRecord;
import org.hotline.gateway.handover.SessionHandover;
import org.hotline.gateway.switchboard.Switchboard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code agi://gateway:4573/callbackoffer,${HOTLINE_SERVER}}: a caller past their queue's maximum
 * wait hears "press 1 to be called back, or stay on the line". On 1 the callback is booked and the
 * caller leaves ({@code HOTLINE_NEXT=bye}) — unless a seat is ringing for them already, when they
 * are simply connected. Any other answer, or none, returns them to hold with their place in line
 * (or connects them to an offer made meanwhile). The call stays queued throughout.
 */
public final class CallbackOffer implements AgiScript {

  /** The AGI argument that names the server ({@code HOTLINE_SERVER}). */
  public static final int SERVER_ARGUMENT = 0;

  /** What the caller hears: "press 1 to be called back" (config/asterisk/sounds/prompts.tsv). */
  public static final String PROMPT = "hotline/callback-offer";

  static final Duration ANSWER_WITHIN = Duration.ofSeconds(6);
  private static final Logger LOG = LoggerFactory.getLogger(CallbackOffer.class);

  private final Switchboard switchboard;
  private final SessionHandover handover;
  private final Servers servers;
  private final CallbackRequests requests;

  public CallbackOffer(
      Switchboard switchboard,
      SessionHandover handover,
      List<AmiServerConfig> servers,
      CallbackRequests requests) {
    this.switchboard = switchboard;
    this.handover = handover;
    this.servers = new Servers(servers);
    this.requests = requests;
  }

  @Override
  public Future<Void> run(AgiRequest request, AgiSession session) {
    String server = servers.of(request, SERVER_ARGUMENT);
    String callId = CallRecord.callIdOf(server, request.uniqueId());
    switchboard.sessions().opened(callId, request);
    Future<String> key = session.getData(PROMPT, ANSWER_WITHIN, 1);
    return key.compose(pressed -> switchboard.directory().get(callId))
        .compose(
            record -> {
              if (record.isEmpty()) {
                return session.setVariable("HOTLINE_NEXT", "hold").<Void>mapEmpty();
              }
              if (!"1".equals(key.result())) {
                return handover.finish(session, record.get(), Optional.empty());
              }
              // the request is kept before the caller is let go: a booked callback is never lost
              return requests
                  .requested(callId)
                  .compose(v -> handover.finish(session, record.get(), Optional.empty(), "bye"))
                  .onSuccess(
                      connected -> {
                        if (connected) {
                          LOG.info(
                              "call {}: asked for a callback as a seat rang: connected", callId);
                        }
                      })
                  .<Void>mapEmpty()
                  // no callback store: they keep waiting rather than leave with nothing booked
                  .recover(
                      e -> {
                        LOG.warn("call {}: callback request not kept: {}", callId, e.toString());
                        return handover.finish(session, record.get(), Optional.empty());
                      });
            })
        .onComplete(r -> switchboard.sessions().closed(callId));
  }
}
