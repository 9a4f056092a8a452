/**
 * The gateway's record of each hotline call's telephony identity (server, caller channel, Linkedid,
 * caller number, recording), in Redis so that any gateway instance can act on any call.
 */
package org.hotline.gateway.calls;
