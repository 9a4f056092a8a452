package org.hotline.cases.api;

/**
 * What one {@link CaseBridge#tick()} did.
 *
 * @param incomplete drafts flagged incomplete because their wrap-up limit passed
 * @param nearing nearing-deadline alerts raised
 * @param overdue overdue alerts raised
 * @param outbox the outbox after the tick
 * @param escalated 督办升级 alerts raised: cases escalated a level after their deadline
 */
public record TickReport(
    int incomplete, int nearing, int overdue, OutboxStatus outbox, int escalated) {

  public TickReport(int incomplete, int nearing, int overdue, OutboxStatus outbox) {
    this(incomplete, nearing, overdue, outbox, 0);
  }
}
