/** Handing a call on: blind transfers to another queue or a named agent. */
package org.hotline.gateway.transfer;
