/**
 * The directory of outside units an agent can bring into a call: emergency lines, utilities, duty
 * desks.
 */
package org.hotline.gateway.units;
