/**
 * A FastAGI server on Vert.x's NetServer: no thread per call, thousands of sessions per instance.
 * Asterisk connects, sends the agi_ environment, then each command gets one reply line (or a
 * multi-line 520 usage block); a caller who hangs up shows as {@code 200 result=-1} plus a separate
 * {@code HANGUP} line, and every later channel command gets {@code 511}.
 */
package org.hotline.gateway.agi;
