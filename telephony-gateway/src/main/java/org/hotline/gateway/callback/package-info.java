/** Calling residents back: the work list, claims, the call out through the exchange, outcomes. */
package org.hotline.gateway.callback;
