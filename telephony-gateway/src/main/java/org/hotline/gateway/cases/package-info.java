/**
 * The gateway's side of the case bridge: call events turned into the bridge's call facts, caller
 * history for routing and the screen pop, and the bridge's HTTP endpoints.
 */
package org.hotline.gateway.cases;
