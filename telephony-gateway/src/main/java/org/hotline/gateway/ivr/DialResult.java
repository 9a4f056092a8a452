package org.hotline.gateway.ivr;

import io.vertx.core.Future;
import java.util.List;
import org.hotline.gateway.agi.AgiRequest;
import org.hotline.gateway.agi.AgiScript;
import org.hotline.gateway.agi.AgiSession;
import org.hotline.gateway.ami.AmiServerConfig;
import org.hotline.gateway.calls.CallRecord;
import org.hotline.gateway.switchboard.SeatDevices;
import org.hotline.gateway.switchboard.Switchboard;

/**
 * {@code agi://gateway:4573/dialresult,${DIALSTATUS}}: a seat did not answer. The caller goes back
 * to hold ({@code HOTLINE_NEXT=hold}) and the seat manager hears it, as it also does from the AMI
 * DialEnd: either path alone is enough, and the second report is refused as already known.
 */
public final class DialResult implements AgiScript {

  private final Switchboard switchboard;
  private final Servers servers;
  private final SeatDevices devices;

  public DialResult(Switchboard switchboard, List<AmiServerConfig> servers) {
    this.switchboard = switchboard;
    this.servers = new Servers(servers);
    this.devices = new SeatDevices(switchboard.seatConfig());
  }

  @Override
  public Future<Void> run(AgiRequest request, AgiSession session) {
    String status = request.arguments().isEmpty() ? "" : request.arguments().get(0);
    String server = servers.of(request, 1);
    String callId = CallRecord.callIdOf(server, request.uniqueId());
    if (status.isEmpty() || status.equals("ANSWER") || status.equals("CANCEL")) {
      return session.setVariable("HOTLINE_NEXT", "hold").mapEmpty();
    }
    // which seat this dial was for: a report must not be taken for a later offer of the call
    return session
        .command("GET VARIABLE SEAT_DEVICE")
        .compose(
            reply -> {
              // without the seat, leave the report to AMI's DialEnd: never risk the wrong offer
              reply
                  .data()
                  .flatMap(devices::seatOfDevice)
                  .ifPresent(seat -> switchboard.dialFailed(callId, seat, status));
              return session.setVariable("HOTLINE_NEXT", "hold");
            })
        .mapEmpty();
  }
}
