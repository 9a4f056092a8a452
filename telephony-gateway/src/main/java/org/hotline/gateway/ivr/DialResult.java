package org.hotline.gateway.ivr;

import io.vertx.core.Future;
import java.util.List;
import org.hotline.gateway.agi.AgiRequest;
import org.hotline.gateway.agi.AgiScript;
import org.hotline.gateway.agi.AgiSession;
import org.hotline.gateway.ami.AmiServerConfig;
import org.hotline.gateway.calls.CallRecord;
import org.hotline.gateway.switchboard.Switchboard;
import org.hotline.seat.config.PauseReason;

/**
 * {@code agi://gateway:4573/dialresult,${DIALSTATUS}}: a seat did not answer. The caller goes back
 * to hold ({@code HOTLINE_NEXT=hold}) and the seat manager hears it, as it also does from the AMI
 * DialEnd: either path alone is enough, and the second report is refused as already known.
 */
public final class DialResult implements AgiScript {

  private final Switchboard switchboard;
  private final Servers servers;

  public DialResult(Switchboard switchboard, List<AmiServerConfig> servers) {
    this.switchboard = switchboard;
    this.servers = new Servers(servers);
  }

  @Override
  public Future<Void> run(AgiRequest request, AgiSession session) {
    String status = request.arguments().isEmpty() ? "" : request.arguments().get(0);
    String server = servers.of(request, 1);
    String callId = CallRecord.callIdOf(server, request.uniqueId());
    switch (status) {
      case "ANSWER", "CANCEL", "" -> {}
      case "NOANSWER", "BUSY" ->
          switchboard.ringNoAnswer(
              callId, PauseReason.NO_ANSWER, status.toLowerCase(java.util.Locale.ROOT));
      default ->
          switchboard.ringNoAnswer(callId, "technical", status.toLowerCase(java.util.Locale.ROOT));
    }
    return session.setVariable("HOTLINE_NEXT", "hold").mapEmpty();
  }
}
