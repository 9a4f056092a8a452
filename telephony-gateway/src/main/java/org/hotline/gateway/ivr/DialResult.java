package org.hotline.gateway.ivr;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import org.hotline.gateway.agi.AgiRequest;
import org.hotline.gateway.agi.AgiScript;
import org.hotline.gateway.agi.AgiSession;
import org.hotline.gateway.ami.AmiServerConfig;
import org.hotline.gateway.calls.CallRecord;
import org.hotline.gateway.handover.SessionHandover;
import org.hotline.gateway.switchboard.SeatDevices;
import org.hotline.gateway.switchboard.Switchboard;

/**
 * {@code agi://gateway:4573/dialresult,${DIALSTATUS},${HOTLINE_SERVER},${HOTLINE_DIALED}}: a seat
 * did not answer. The seat manager hears it (as it also does from the AMI DialEnd: either path
 * alone is enough, and the second report is refused as already known), which may offer the call to
 * the next seat at once; the session then hands that seat over ({@code HOTLINE_NEXT=connect}) or
 * sends the caller back to hold ({@code HOTLINE_NEXT=hold}).
 */
public final class DialResult implements AgiScript {

  /** The AGI argument that names the server ({@code HOTLINE_SERVER}). */
  public static final int SERVER_ARGUMENT = 1;

  private final Switchboard switchboard;
  private final SessionHandover handover;
  private final Servers servers;
  private final SeatDevices devices;

  public DialResult(
      Switchboard switchboard, SessionHandover handover, List<AmiServerConfig> servers) {
    this.switchboard = switchboard;
    this.handover = handover;
    this.servers = new Servers(servers);
    this.devices = new SeatDevices(switchboard.seatConfig());
  }

  @Override
  public Future<Void> run(AgiRequest request, AgiSession session) {
    String status = request.arguments().isEmpty() ? "" : request.arguments().get(0);
    String server = servers.of(request, SERVER_ARGUMENT);
    String callId = CallRecord.callIdOf(server, request.uniqueId());
    switchboard.sessions().opened(callId, request);
    boolean failed = !status.isEmpty() && !status.equals("ANSWER") && !status.equals("CANCEL");
    // the device this Dial rang comes as an argument (HOTLINE_DIALED, set before the Dial): the
    // gateway may already have set SEAT_DEVICE for the call's next offer. Without it, the report is
    // left to AMI's DialEnd, which names its destination: never risk hitting the next offer.
    Optional<String> seat =
        failed && request.arguments().size() > 2
            ? devices.seatOfDevice(request.arguments().get(2))
            : Optional.empty();
    Future<?> reported =
        seat.isPresent()
            ? switchboard.dialFailed(callId, seat.get(), status)
            : Future.succeededFuture();
    return reported
        .<Optional<CallRecord>>transform(r -> switchboard.directory().get(callId))
        .compose(
            record ->
                record.isPresent()
                    ? handover.finish(session, record.get(), Optional.empty())
                    : session.setVariable("HOTLINE_NEXT", "hold").<Void>mapEmpty())
        .onComplete(r -> switchboard.sessions().closed(callId));
  }
}
