/**
 * The Asterisk Manager Interface as a server: framing, sessions, authentication, event masks and
 * the protocol-level actions. It knows nothing of channels; the exchange registers its own actions.
 */
package org.hotline.asterisk.sim.ami;
