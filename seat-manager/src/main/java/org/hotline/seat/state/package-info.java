/** The agent state machine: which event is allowed in which state, and why others are refused. */
package org.hotline.seat.state;
