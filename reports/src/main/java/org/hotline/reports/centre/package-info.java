/**
 * The call centre's reports, read from the city's record ({@code call_detail}, {@code call_offer},
 * {@code agent_state_change}); they never write it. One entry point, {@link
 * org.hotline.reports.centre.CentreReports}, built on the application's {@code Database}:
 *
 * <ul>
 *   <li>{@code intervals(days, queues)}: per queue and 15 minutes, every interval present: offered,
 *       answered, abandoned, short abandons, dropped, service level, abandon rate, ASA, AHT,
 *       longest wait; and each queue's total ({@link org.hotline.reports.centre.IntervalReport}).
 *   <li>{@code agents(days, now)}: per agent and for the floor: signed in, available, ringing,
 *       talk, hold, wrap-up, paused by reason, calls handled, offers, ring-no-answer, occupancy
 *       ({@link org.hotline.reports.centre.AgentReport}).
 *   <li>{@code callsByHour}, {@code callsByWeekday}, {@code waitTimes}, {@code hangups}, {@code
 *       ivrAndLines}, {@code repeatCallers}, or all of them from one snapshot with {@code
 *       distributions}.
 * </ul>
 *
 * <p>Parameters: {@link org.hotline.reports.centre.ReportDays} (a day or a range of days of the
 * centre's calendar, Asia/Shanghai unless given), {@link
 * org.hotline.reports.centre.QueueThresholds} per queue (from the seat manager's queue
 * configuration), {@link org.hotline.reports.centre.WaitBuckets}. Results are records, with rates
 * null (never 0) when there is nothing to divide; {@link org.hotline.reports.format.ReportJson}
 * writes any of them as JSON and {@link org.hotline.reports.centre.CentreCsv} as CSV.
 *
 * <p>Figures follow {@code KPI.md}: short abandons are out of every rate; service level = answered
 * within the threshold ÷ (answered + abandoned); ASA = wait of answered calls ÷ answered, the wait
 * from entering the queue (IVR excluded); AHT = (talk + hold + wrap-up) ÷ answered calls whose
 * wrap-up ended; occupancy = (talk + hold + wrap-up) ÷ (talk + hold + wrap-up + available). A call
 * counts in the queue it entered first, in the interval it entered it, once even when transferred
 * (the record keeps the first queue's wait and answer only; the live board counts it again in each
 * queue it is handed to). How each column of the record is read is in {@code ClassifiedCalls} and
 * {@code AgentQuery}.
 *
 * <p>Every statement bounds the partition key ({@code entered_at}, {@code at}, {@code rang_from})
 * by the days (and a day before, for calls still in the IVR or states open at midnight), so a
 * report reads the months it covers and no other.
 */
package org.hotline.reports.centre;
