/**
 * The city's monthly reports from the case record: one public entry, {@link
 * org.hotline.reports.city.CityReports}, built from a {@code Database}, the {@link
 * org.hotline.reports.city.CityReportsConfig} ({@code config/reports.yaml}, section {@code city},
 * read by {@link org.hotline.reports.city.CityReportsConfigLoader} with the centre's zone), the
 * gazetteer ({@link org.hotline.reports.city.Places}, {@code jurisdictions.yaml}), the taxonomy's
 * names ({@link org.hotline.reports.city.Categories}, {@code taxonomy.yaml}) and a clock:
 *
 * <ul>
 *   <li>{@code monthlyRates(YearMonth)} → {@link org.hotline.reports.city.MonthlyRates}: cases,
 *       response/resolution/satisfaction rates, overdue, ranking per district and street;
 *   <li>{@code units(YearMonth)} → {@link org.hotline.reports.city.UnitReport}: median and mean
 *       hours to response and resolution, the share solved within 3 days, praise;
 *   <li>{@code classification(YearMonth)} → {@link org.hotline.reports.city.StreetClassification}:
 *       先进类/进步类/整改类/管理类 per street with the rule that placed it, and the focus list;
 *   <li>{@code districtReview(YearMonth, districtId)} → {@link
 *       org.hotline.reports.city.DistrictReview}: the printable review;
 *   <li>{@code hotIssues(YearMonth)} → {@link org.hotline.reports.city.HotIssues} and {@code
 *       weeklyHotList(LocalDate)} → {@link org.hotline.reports.city.WeeklyHotList}: 未诉先办;
 *   <li>{@code livelihood(YearMonth)} → {@link org.hotline.reports.city.LivelihoodIndex}: 七有五性.
 * </ul>
 *
 * <p>Every result is a record: JSON through {@link org.hotline.reports.format.ReportJson} (no data
 * is null, never 0), CSV through its {@code csv()} method (definitions as {@code #} lines first).
 * Every rate carries its numerator and denominator, every report the definitions in force in
 * Chinese and English. Aggregation happens in PostgreSQL, one scan of a month's partition per
 * figure family; the classes that hold the SQL are package-private, one per report. A report holds
 * one of the {@code Database}'s connections for its whole run (a quarter of a second for the
 * monthly rates at 600,000 cases, seconds for hot issues; BENCHMARKS.md section 7), so the caller
 * gives the reports a small pool of their own rather than the case bridge's.
 *
 * <p>Reports read {@code hotline.case_record} directly: its columns are the record's published
 * shape today. A view owned by the city record would let the table change under them safely.
 */
package org.hotline.reports.city;
