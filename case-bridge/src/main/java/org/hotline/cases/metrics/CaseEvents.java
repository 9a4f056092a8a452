package org.hotline.cases.metrics;

import org.hotline.cases.api.Disposition;
import org.hotline.cases.api.ErrorCode;
import org.hotline.cases.api.OutboxStatus;
import org.hotline.cases.api.SupervisionAlert;

/** Hears what the case bridge does; the default hears nothing. */
public interface CaseEvents {

  CaseEvents NONE = new CaseEvents() {};

  /** A form was accepted and the case stored. */
  default void submitted(Disposition disposition) {}

  /** A submitted form was refused: {@code code} says why (never who or which call). */
  default void refused(ErrorCode code) {}

  /** A delivery attempt ended: {@code delivered}, {@code retry}, {@code dead} or {@code stale}. */
  default void delivery(String target, String outcome, long nanos) {}

  /** Supervision alerts raised by a tick. */
  default void alerts(SupervisionAlert.Kind kind, int count) {}

  /** One screen-pop read, caller to reply. */
  default void historyRead(long nanos) {}

  /** The newest look at the outbox, for the lag gauge. */
  default void outbox(OutboxStatus status) {}
}
