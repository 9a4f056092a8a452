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
 * {@code agi://gateway:4573/dialresult,${DIALSTATUS},${HOTLINE_SERVER},${HOTLINE_DIALED}}: a seat
 * did not answer. The caller goes back to hold ({@code HOTLINE_NEXT=hold}) and the seat manager
 * hears it, as it also does from the AMI DialEnd: either path alone is enough, and the second
 * report is refused as already known.
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
    boolean failed = !status.isEmpty() && !status.equals("ANSWER") && !status.equals("CANCEL");
    // the device this Dial rang comes as an argument (HOTLINE_DIALED, set before the Dial): the
    // gateway may already have set SEAT_DEVICE for the call's next offer. Without it, the report is
    // left to AMI's DialEnd, which names its destination: never risk hitting the next offer.
    if (failed && request.arguments().size() > 2) {
      devices
          .seatOfDevice(request.arguments().get(2))
          .ifPresent(seat -> switchboard.dialFailed(callId, seat, status));
    }
    return session.setVariable("HOTLINE_NEXT", "hold").mapEmpty();
  }
}
