package org.hotline.asterisk.sim.dialplan;

/**
 * A dialplan application. It gets its arguments already substituted (as Newexten showed them) and
 * raises its own events. A blocking application sets {@link Run#blocker} and returns {@link
 * Outcome#BLOCKED}; when it ends by itself it calls {@link Pbx#appReturned}.
 */
@FunctionalInterface
interface Application {
  Outcome run(Pbx pbx, Run run, String data);
}
