package org.hotline.asterisk.sim.dialplan;

/**
 * One priority of an extension as extensions.conf wrote it.
 *
 * @param number the priority number ({@code n} already resolved)
 * @param label its label ({@code n(loop)}), or empty
 * @param app the application name as written
 * @param data the application's arguments, not yet substituted
 */
public record Priority(int number, String label, String app, String data) {}
