package org.hotline.reports.centre;

/** The distributions of a range of days, read from one snapshot of the record. */
public record Distributions(
    ReportDays days,
    CallsByHour byHour,
    CallsByWeekday byWeekday,
    WaitTimes waitTimes,
    Hangups hangups,
    IvrAndLines ivrAndLines,
    RepeatCallers repeatCallers) {}
